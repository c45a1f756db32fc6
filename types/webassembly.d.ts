// @types/node 24 does not declare the WebAssembly global (TypeScript ships it only in lib.dom and
// lib.webworker, which clash with Node's types). These are the parts Node-side packages use; every Node
// tsconfig includes this one file.
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
  function validate(bytes: BufferSource): boolean;
}
