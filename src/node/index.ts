// Node entry: the core plus Dawn adapter discovery and file I/O.
export * from '../index.js';
export { openNodeEngine, findNodeAdapter, ADAPTER_CHOICES, SWIFTSHADER_ICD, type AdapterChoice, type NodeEngineOptions } from './gpu-provider.js';
export { readImage, readWeights, writeImage, encodePng, encodeNpy, parseNpy, writeAtomic, MAX_PIXELS, type DecodedImage } from './io.js';
export { resizeBilinear } from '../core/resize.js';
