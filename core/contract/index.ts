// The desk contract: the only part of core/ the renderer may import (types), and the one surface every
// transport implements. No Node or DOM code lives here.
export * from './names.js';
export * from './errors.js';
export * from './schemas.js';
export * from './requests.js';
export * from './streams.js';
export * from './desk-api.js';
export { bindInvoke, dispatch } from './dispatch.js';
