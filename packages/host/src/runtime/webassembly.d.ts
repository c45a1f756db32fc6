// @types/node 24 does not declare the WebAssembly global (TypeScript ships it only in lib.dom and
// lib.webworker, which clash with Node's types); these are the parts this package uses.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
  }
  class Instance {
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class RuntimeError extends Error {}
  function compile(bytes: BufferSource): Promise<Module>;
  function instantiate(module: Module, imports?: object): Promise<Instance>;
}
