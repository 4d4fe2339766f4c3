/**
 * The WebAssembly modules of the hottest loops (src/search/postings.wat, src/render/list-lines.wat),
 * each compiled once per process, on first use (about 0.5 ms each).
 */

// TypeScript declares WebAssembly in its DOM library, which a Node program leaves out.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: object };
}

/** The memory a module exports, which its caller lays its arrays out in. */
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65536;
const compiled = new Map<string, object>();

/**
 * A new instance of the module whose binary is `base64`, with these imports; undefined where
 * Node has no WebAssembly (`node --jitless`): the caller then does the work in JavaScript.
 */
export function instantiate<Exports>(base64: string, imports?: object): Exports | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api) return undefined;
  let module = compiled.get(base64);
  if (!module) {
    module = new api.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  return new api.Instance(module, imports).exports as Exports;
}

/**
 * Room in a module's memory, handed out in order, each piece 8-aligned; the memory grows as
 * needed. Views of the memory made before a piece was handed out may be stale after it (a
 * memory that grows gets a new buffer): `bytes()` is always current.
 */
export class WasmArena {
  private end = 8;

  constructor(private readonly memory: WasmMemory) {}

  /** `length` bytes of room (zeros, unless handed out before); their address. */
  room(length: number): number {
    const at = this.end;
    this.end += Math.ceil(length / 8) * 8;
    const size = this.memory.buffer.byteLength;
    if (this.end > size) this.memory.grow(Math.ceil((this.end - size) / PAGE));
    return at;
  }

  /** A copy of `values` in the memory; its address. */
  place(values: Uint8Array | Uint32Array | Float64Array): number {
    const at = this.room(values.byteLength);
    this.bytes().set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    return at;
  }

  /** Numbers as 64-bit floats in the memory; their address. */
  placeFloats(values: ArrayLike<number>): number {
    if (values instanceof Float64Array) return this.place(values);
    const at = this.room(8 * values.length);
    new Float64Array(this.memory.buffer, at, values.length).set(values);
    return at;
  }

  /** The whole memory, as it is now. */
  bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }
}
