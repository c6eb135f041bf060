// wgsl_reflect's "main" is a CommonJS file inside a "type": "module" package, which Node
// cannot load; its ESM build is imported by path everywhere, typed by the package's types.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
