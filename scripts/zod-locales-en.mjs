// What the host's bundle keeps of zod's locales (see zodEnglishOnly in build.mjs).
export { default as en } from 'zod/v4/locales/en.js';
