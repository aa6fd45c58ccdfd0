/**
 * Chromium features the desktop app turns off. Kept free of `electron` imports so the
 * benchmarks can start their Chromium the same way and measure what the app does.
 *
 * DeferRendererTasksAfterInput: after a key press Chromium holds every other task (the
 * WebSocket or IPC message with the shell's echo among them) until it has drawn a frame,
 * so an echo that arrives 2 ms after the key waits for that frame and is drawn in the next:
 * two frames (about 31 ms) per keystroke instead of one (about 13 ms), measured by
 * `npm run bench terminal`. The editor draws its own keystrokes in the key handler and does
 * not need the deferral either.
 */
export const DISABLED_CHROMIUM_FEATURES = ['DeferRendererTasksAfterInput'];

export const disableFeaturesSwitch = (): string => `--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`;
