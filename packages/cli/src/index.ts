export { main } from './main.js';
export type { Io } from './io.js';
export { configSchema } from './config.js';
export { applyEdits } from './fix.js';
