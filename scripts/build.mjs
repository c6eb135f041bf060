// Bundles the library for Node and for the browser, and the CLI. The browser
// bundle is built with platform 'browser' and no externals, so any Node-only
// import reaching the core fails this build.
import { build } from 'esbuild';

const common = { bundle: true, format: 'esm', sourcemap: true, logLevel: 'warning', target: 'es2022' };
await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/fusegpu.browser.js', platform: 'browser' });
const nodeExternal = ['webgpu', 'pngjs', 'jpeg-js', 'bmp-js', 'commander', 'cli-progress', 'jimp'];
await build({ ...common, entryPoints: ['src/node/index.ts'], outfile: 'dist/node.js', platform: 'node', external: nodeExternal });
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', external: nodeExternal });
