declare const __SPECWRIGHT_VERSION__: string | undefined;

/** Set by the build (esbuild `define`); tests and `tsx` runs see the development marker. */
export const VERSION: string = typeof __SPECWRIGHT_VERSION__ === 'string' ? __SPECWRIGHT_VERSION__ : '0.0.0-dev';
