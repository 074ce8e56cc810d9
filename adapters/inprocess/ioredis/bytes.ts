/**
 * Bytes at the edge of the ioredis client: Node's `Buffer` when the platform
 * has one (found on globalThis, never imported), else plain `Uint8Array`.
 */
import { fromBytes, toBytes } from '../../../src/index.js'

interface BufferLike extends Uint8Array {
  toString(encoding?: string): string
}

interface BufferStatic {
  from(s: string, encoding: string): BufferLike
  isBuffer(x: unknown): boolean
}

const NodeBuffer: BufferStatic | undefined = (globalThis as { Buffer?: BufferStatic }).Buffer

/** A byte string as a Buffer (Node) or Uint8Array (elsewhere). */
export function bytesOut(s: string): Uint8Array {
  return NodeBuffer !== undefined ? NodeBuffer.from(s, 'latin1') : toBytes(s)
}

/** Bytes (Buffer or any Uint8Array) as a byte string. */
export function bytesIn(u: Uint8Array): string {
  if (NodeBuffer !== undefined && NodeBuffer.isBuffer(u)) return (u as BufferLike).toString('latin1')
  return fromBytes(u)
}

export function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array
}
