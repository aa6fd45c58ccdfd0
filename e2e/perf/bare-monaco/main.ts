// The floor for startup.editable: only Monaco (the same module and workers the app uses),
// showing one file fetched from its server. Nothing else.
import { monaco } from '../../../renderer/features/editor/monaco';

const text = await (await fetch('./file')).text();
monaco.editor.create(document.getElementById('editor')!, {
  value: text,
  language: 'typescript',
  automaticLayout: true,
  theme: 'vs-dark',
});
