/**
 * FUNCTION DUMP / RESTORE payloads in Redis 7.0's own format, so payloads move
 * between redlet and Redis both ways: per library the RDB_OPCODE_FUNCTION2 byte
 * (245) and its code as an RDB string (LZF-compressed when long, as Redis
 * writes it), then the DUMP footer (RDB version and CRC-64) of core/rdb.
 */
import { crc64 } from '../core/rdb/crc64.js'
import { RdbReader, RdbWriter } from '../core/rdb/rdb-io.js'
import { RDB_VERSION, verifyPayload } from '../core/rdb/read.js'

const OPCODE_FUNCTION2 = 245

export function dumpFunctions(codes: readonly string[]): string {
  const w = new RdbWriter()
  for (const code of codes) {
    w.byte(OPCODE_FUNCTION2)
    w.string(code)
  }
  const body = w.done() + String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8)
  return body + crc64(body)
}

export type RestoreResult = { codes: string[] } | { error: 'payload' | 'type' }

/** The library codes of a payload, or which error applies. */
export function parseFunctionDump(payload: string): RestoreResult {
  if (!verifyPayload(payload)) return { error: 'payload' }
  const r = new RdbReader(payload, payload.length - 10)
  const codes: string[] = []
  try {
    while (r.left > 0) {
      if (r.byte() !== OPCODE_FUNCTION2) return { error: 'type' }
      codes.push(r.string())
    }
  } catch {
    return { error: 'payload' }
  }
  return { codes }
}
