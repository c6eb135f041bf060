// WebGPU's flag values, fixed by the specification. Used instead of the GPUBufferUsage /
// GPUShaderStage / GPUMapMode globals, which Node only has after the Dawn binding installs them.
export const BufferUsage = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80, QUERY_RESOLVE: 0x200 } as const;
export const SHADER_STAGE_COMPUTE = 0x4;
export const MAP_MODE_READ = 0x1;
