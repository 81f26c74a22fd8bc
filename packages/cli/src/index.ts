export { main, type Io } from './main.js';
export { configSchema } from './config.js';
export { applyEdits } from './fix.js';
