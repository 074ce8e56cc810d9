/**
 * The contract between the engine and a script language (DESIGN.md §5). The
 * core runs EVAL, FCALL and `redis.call` synchronously, so a script is atomic;
 * a host (adapters/lua, on fengari) compiles and runs the code. The core holds
 * no VM and imports none: without a host, EVAL replies `ScriptErr.noHost`.
 */
import { CommandError, ScriptErr } from '../errors.js'
import type { Reply } from '../resp/types.js'

/** Flags a script shebang or a registered function may declare, in Redis's order. */
export const SCRIPT_FLAGS = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'] as const
export type ScriptFlag = (typeof SCRIPT_FLAGS)[number]

export function isScriptFlag(s: string): s is ScriptFlag {
  return (SCRIPT_FLAGS as readonly string[]).includes(s)
}

/** A function a library registered (`redis.register_function`). */
export interface FunctionInfo {
  readonly name: string
  readonly description: string | null
  readonly flags: readonly ScriptFlag[]
}

/** A library the host compiled and ran: the functions it registered. The host keeps the code behind it. */
export interface CompiledLibrary {
  readonly functions: readonly FunctionInfo[]
}

/** What a running script may ask of the engine: the `redis` library's engine side. */
export interface ScriptApi {
  /** 'eval' (KEYS and ARGV globals, errors named by sha) or 'function' (keys and args as arguments). */
  readonly kind: 'eval' | 'function'
  /** The name error replies carry: the script's sha, or the function's name. */
  readonly name: string
  readonly keys: readonly string[]
  readonly args: readonly string[]
  /** The protocol `redis.call` replies are shaped in: 2 until `redis.setresp(3)`. */
  readonly resp: 2 | 3
  setResp(proto: 2 | 3): void
  /**
   * `redis.call`/`redis.pcall`: runs a command as the script's client. Every
   * failure, the script-specific ones included, comes back as an error reply.
   */
  call(argv: string[]): Reply
  /** `redis.acl_check_cmd`: whether the user may run it; null when no such command exists. */
  aclCheck(argv: string[]): boolean | null
  /**
   * Called by the VM every few thousand instructions. Tracks busy-reply-threshold
   * and returns true once the script was killed (SCRIPT KILL, FUNCTION KILL):
   * the host then aborts it with `ScriptErr.killed`.
   */
  interrupted(): boolean
  /** Past busy-reply-threshold: other clients get BUSY if the adapter lets them in. */
  readonly busy: boolean
}

/** A script language: compiles and runs scripts and function libraries. */
export interface ScriptingHost {
  /** The engine name of function libraries (`#!lua`), as FUNCTION LIST shows it: 'LUA'. */
  readonly engineName: string
  /** Compiles an EVAL body (its shebang line already blanked). Returns null, or the error reply text. */
  compileScript(sha: string, body: string): string | null
  /** Runs a script compiled earlier under `sha`; returns its reply. */
  runScript(sha: string, api: ScriptApi): Reply
  /** SCRIPT FLUSH: forgets every compiled script. */
  flushScripts(): void
  /** Compiles a library (metadata line blanked) and runs its registrations. Returns it, or the error reply text. */
  loadLibrary(code: string): CompiledLibrary | string
  /** Calls a function of a loaded library. */
  runFunction(lib: CompiledLibrary, name: string, api: ScriptApi): Reply
  /** A library was deleted or replaced (or a load was abandoned): free its code. */
  releaseLibrary(lib: CompiledLibrary): void
  /** Memory the script VM and the function VM use, in bytes (approximate, for INFO). */
  memory(): { eval: number; functions: number }
}

const LIBRARY_NAME = /^[A-Za-z0-9_]+$/

/** Whether a library or function name is valid: letters, digits and underscores. */
export function validName(name: string): boolean {
  return LIBRARY_NAME.test(name)
}

/** The first line split on blanks (Redis splits it like a command line). */
function headerWords(line: string): string[] {
  return line.split(/[ \t\r\n\v\f]+/).filter((w) => w !== '')
}

/**
 * An EVAL body's shebang (`#!lua flags=no-writes,allow-oom`): its flags, or null
 * for a script without one (Redis's "legacy" scripts), and the body to compile
 * with the shebang line blanked so line numbers stay. Throws Redis's errors.
 */
export function parseShebang(body: string): { flags: ScriptFlag[] | null; code: string } {
  if (!body.startsWith('#!')) return { flags: null, code: body }
  const nl = body.indexOf('\n')
  if (nl < 0) throw new CommandError(ScriptErr.shebangInvalid)
  const words = headerWords(body.slice(0, nl))
  const first = words[0] ?? '#!'
  if (first !== '#!lua') throw new CommandError(ScriptErr.shebangEngine(first))
  const flags: ScriptFlag[] = []
  for (const w of words.slice(1)) {
    if (!w.startsWith('flags=')) throw new CommandError(ScriptErr.shebangOption(w))
    const list = w.slice(6)
    if (list === '') continue
    for (const f of list.split(',')) {
      if (!isScriptFlag(f)) throw new CommandError(ScriptErr.shebangFlag(f))
      if (!flags.includes(f)) flags.push(f)
    }
  }
  return { flags, code: body.slice(nl) }
}

/**
 * A library's metadata line (`#!lua name=mylib`): the engine and library name,
 * and the code to compile with that line blanked. Throws Redis's errors.
 */
export function parseLibraryHeader(code: string): { engine: string; name: string; code: string } {
  if (!code.startsWith('#!')) throw new CommandError(ScriptErr.missingMetadata)
  const nl = code.indexOf('\n')
  if (nl < 0) throw new CommandError(ScriptErr.invalidMetadata)
  const words = headerWords(code.slice(0, nl))
  const engine = (words[0] ?? '#!').slice(2)
  let name: string | null = null
  for (const w of words.slice(1)) {
    if (w.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== null) throw new CommandError(ScriptErr.nameTwice)
      name = w.slice(5)
    } else throw new CommandError(ScriptErr.invalidMetadataValue(w))
  }
  if (name === null) throw new CommandError(ScriptErr.noLibraryName)
  if (!validName(name)) throw new CommandError(ScriptErr.badName)
  return { engine, name, code: code.slice(nl) }
}
