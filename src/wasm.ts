/**
 * WebAssembly modules, each compiled once per process on first use (for a module of a
 * kilobyte, about 0.7 ms to compile, instantiate and first call), and room in their memory.
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
const MOST_BYTES = 2 ** 32;
const compiled = new Map<string, object>();

/** More than a module's memory can hold: the caller does the work in JavaScript instead. */
export class NoRoomError extends Error {
  constructor() {
    super('more than WebAssembly memory can hold');
  }
}

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
  // Address 0 is never handed out, so that a module may read 0 as "none".
  private end = 8;

  constructor(private readonly memory: WasmMemory) {}

  /** `length` bytes of room (zeros, unless handed out before); their address. Throws NoRoomError past what the memory can hold. */
  room(length: number): number {
    const at = this.end;
    const end = at + Math.ceil(length / 8) * 8;
    const size = this.memory.buffer.byteLength;
    if (end > size) {
      // A 32-bit memory holds 4 GiB at most, and may be refused less.
      if (end > MOST_BYTES) throw new NoRoomError();
      try {
        this.memory.grow(Math.ceil((end - size) / PAGE));
      } catch (error) {
        if (error instanceof RangeError) throw new NoRoomError();
        throw error;
      }
    }
    this.end = end;
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
