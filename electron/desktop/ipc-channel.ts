/** The one IPC channel between a window and the host; it carries RPC strings and nothing else. */
export const RPC_CHANNEL = 'specwright:rpc';
/** The origin the renderer is served from in the desktop app (a custom, privileged scheme). */
export const APP_ORIGIN = 'app://specwright';
