/** The only two IPC channels between the window and the main process. */
export const IPC_INVOKE = 'desk:invoke';
export const IPC_STREAM = 'desk:stream';
