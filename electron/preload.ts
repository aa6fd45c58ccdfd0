// Runs sandboxed before the page: exposes one narrow function set, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './desktop/preload-bridge';

contextBridge.exposeInMainWorld('specwright', createBridge(ipcRenderer, process.platform));
