/**
 * Redis Cluster's key → hash slot mapping (CRC16-XMODEM mod 16384, with
 * `{hash tags}`), and which keys a command names.
 */
import { keyPositions, type Command, type Engine } from '../../src/index.js'

export const SLOTS = 16384

const CRC16_TABLE = new Uint16Array(256)
for (let i = 0; i < 256; i++) {
  let c = i << 8
  for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff
  CRC16_TABLE[i] = c
}

/** CRC16-CCITT (XMODEM) of a byte string, over chars [from, to). */
export function crc16(s: string, from = 0, to = s.length): number {
  let crc = 0
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff] as number)
  return crc
}

/** The hash slot of a key: only the part inside the first non-empty `{...}` counts, when there is one. */
export function keySlot(key: string): number {
  const open = key.indexOf('{')
  if (open >= 0) {
    const close = key.indexOf('}', open + 1)
    if (close > open + 1) return crc16(key, open + 1, close) % SLOTS
  }
  return crc16(key) % SLOTS
}

/** The shard that owns a slot: contiguous ranges of slots, as a cluster assigns them. */
export function shardOfSlot(slot: number, shards: number): number {
  return Math.floor((slot * shards) / SLOTS)
}

/** The command record for an argv, subcommand included; undefined when unknown. */
export function resolveCommand(engine: Engine, argv: readonly string[]): Command | undefined {
  const cmd = engine.lookup(argv[0] as string)
  if (cmd === undefined || cmd.subs === null || argv.length < 2) return cmd
  return cmd.subs.get((argv[1] as string).toLowerCase()) ?? cmd
}

/** The keys a command names (none for an unknown command). */
export function commandKeys(engine: Engine, argv: readonly string[]): string[] {
  const cmd = resolveCommand(engine, argv)
  if (cmd === undefined) return []
  let positions: number[]
  try {
    positions = keyPositions(cmd, argv)
  } catch {
    return []
  }
  const out: string[] = []
  for (const p of positions) {
    const k = argv[p]
    if (k !== undefined) out.push(k)
  }
  return out
}

/** The one slot all keys hash to; -1 for no keys, -2 when they hash to different slots. */
export function slotOfKeys(keys: readonly string[]): number {
  let slot = -1
  for (const k of keys) {
    const s = keySlot(k)
    if (slot === -1) slot = s
    else if (s !== slot) return -2
  }
  return slot
}
