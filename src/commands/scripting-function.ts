// https://redis.io/commands/?group=scripting (FCALL, FCALL_RO and FUNCTION)
import { parseLL } from '../core/numbers.js'
import { globMatch } from '../core/glob.js'
import { parseLibraryHeader, SCRIPT_FLAGS, type CompiledLibrary } from '../core/scripting.js'
import { CommandError, Err, ScriptErr, unknownSubcommandOrArity } from '../errors.js'
import { array, bulk, bulkOrNull, bulks, EMPTY_MAP, error, integer, map, NULL_BULK, OK, set, simple, type Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'
import { dumpFunctions, parseFunctionDump } from './scripting-dump.js'
import { busyError, hostOf, killRunning, registryOf, runScript, splitKeys, type Library } from './scripting-run.js'

function fcallGeneric(ctx: CommandContext, args: readonly string[], roCommand: boolean): Reply {
  const reg = registryOf(ctx.engine)
  const name = args[0] as string
  const entry = reg.functions.get(name)
  if (entry === undefined) throw new CommandError(ScriptErr.functionNotFound)
  const numkeys = parseLL(args[1] as string)
  if (numkeys === null) throw new CommandError(ScriptErr.badNumkeys)
  if (numkeys > args.length - 2) throw new CommandError(Err.numkeysTooBig)
  if (numkeys < 0) throw new CommandError(ScriptErr.numkeysNegative)
  const noWrites = entry.info.flags.includes('no-writes')
  if (roCommand && !noWrites) throw new CommandError(ScriptErr.roWithWriteFlag)
  const host = hostOf(ctx)
  const { keys, args: argv } = splitKeys(args, numkeys)
  const lib = entry.lib.compiled
  const allowOom = entry.info.flags.includes('allow-oom')
  return runScript(ctx, { kind: 'function', name, readOnly: noWrites, allowOom, keys, args: argv, exec: (api) => host.runFunction(lib, name, api) })
}

const RW_NOTE = 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE'
const RO_NOTE = 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS'
const FCALL_FLAGS = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys'] as const

export const fcallCommand = defineCommand({
  name: 'fcall',
  group: 'scripting',
  since: '7.0.0',
  summary: 'Calls a function of a loaded library.',
  complexity: 'Depends on the function that is executed.',
  arity: -3,
  flags: [...FCALL_FLAGS],
  acl: ['scripting'],
  keySpecs: [{ ...ks.keynum(['RW', 'access', 'update'], 2), notes: RW_NOTE }],
  run: (ctx, args) => fcallGeneric(ctx, args, false),
})

export const fcallRoCommand = defineCommand({
  name: 'fcall_ro',
  group: 'scripting',
  since: '7.0.0',
  summary: 'Calls a function flagged no-writes.',
  complexity: 'Depends on the function that is executed.',
  arity: -3,
  flags: ['readonly', ...FCALL_FLAGS],
  acl: ['scripting'],
  keySpecs: [{ ...ks.keynum(['RO', 'access'], 2), notes: RO_NOTE }],
  run: (ctx, args) => fcallGeneric(ctx, args, true),
})

interface Candidate {
  readonly name: string
  readonly code: string
  readonly compiled: CompiledLibrary
}

/** Parses and compiles one library; the caller releases it if it is not kept. */
function compileLibrary(ctx: CommandContext, code: string, replace = true): Candidate {
  const header = parseLibraryHeader(code)
  const host = ctx.engine.scripting
  if (host === null || header.engine.toUpperCase() !== host.engineName) throw new CommandError(ScriptErr.engineNotFound(header.engine))
  // FUNCTION LOAD refuses an existing library before compiling anything
  if (!replace && registryOf(ctx.engine).libraries.has(header.name)) throw new CommandError(ScriptErr.libraryExists(header.name))
  const compiled = host.loadLibrary(header.code)
  if (typeof compiled === 'string') throw new CommandError(compiled)
  if (compiled.functions.length === 0) {
    host.releaseLibrary(compiled)
    throw new CommandError(ScriptErr.noFunctions)
  }
  return { name: header.name, code, compiled }
}

/** Checks that `libs` can join the registry once `replacing` libraries are gone; the first error. */
function collision(ctx: CommandContext, libs: readonly Candidate[], replacing: ReadonlySet<string>, libError: (name: string) => string): string | null {
  const reg = registryOf(ctx.engine)
  const seenFns = new Set<string>()
  const seenLibs = new Set<string>()
  for (const lib of libs) {
    if ((reg.libraries.has(lib.name) && !replacing.has(lib.name)) || seenLibs.has(lib.name)) return libError(lib.name)
    seenLibs.add(lib.name)
    for (const f of lib.compiled.functions) {
      const other = reg.functions.get(f.name)
      if ((other !== undefined && !replacing.has(other.lib.name)) || seenFns.has(f.name)) return ScriptErr.functionExists(f.name)
      seenFns.add(f.name)
    }
  }
  return null
}

/** Swaps in compiled libraries (removing those they replace), or releases them and throws. */
function commit(ctx: CommandContext, libs: Candidate[], replacing: ReadonlySet<string>, libError: (name: string) => string): void {
  const reg = registryOf(ctx.engine)
  const host = ctx.engine.scripting
  const err = collision(ctx, libs, replacing, libError)
  if (err !== null) {
    for (const l of libs) host?.releaseLibrary(l.compiled)
    throw new CommandError(err)
  }
  for (const name of replacing) {
    const old = reg.libraries.get(name)
    if (old !== undefined) reg.removeLibrary(host, old)
  }
  for (const l of libs) reg.addLibrary(l)
  ctx.engine.dirty++
}

function flushLibraries(ctx: CommandContext): void {
  const reg = registryOf(ctx.engine)
  for (const lib of [...reg.libraries.values()]) reg.removeLibrary(ctx.engine.scripting, lib)
}

function libraryReply(lib: Library, withCode: boolean): Reply {
  const fns = lib.compiled.functions.map((f) =>
    map([bulk('name'), bulk(f.name), bulk('description'), bulkOrNull(f.description), bulk('flags'), set(SCRIPT_FLAGS.filter((x) => f.flags.includes(x)).map(simple))]),
  )
  const out: Reply[] = [bulk('library_name'), bulk(lib.name), bulk('engine'), bulk('LUA'), bulk('functions'), array(fns)]
  if (withCode) out.push(bulk('library_code'), bulk(lib.code))
  return map(out)
}

function listCommand(ctx: CommandContext, args: readonly string[]): Reply {
  let pattern: string | null = null
  let withCode = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string
    const lower = a.toLowerCase()
    if (lower === 'withcode' && !withCode) withCode = true
    else if (lower === 'libraryname' && pattern === null) {
      if (i + 1 >= args.length) throw new CommandError(ScriptErr.listNoLibraryName)
      pattern = args[++i] as string
    } else throw new CommandError(ScriptErr.listUnknownArgument(a))
  }
  const out: Reply[] = []
  for (const lib of registryOf(ctx.engine).libraries.values()) {
    if (pattern !== null && !globMatch(pattern, lib.name)) continue
    out.push(libraryReply(lib, withCode))
  }
  return array(out)
}

function statsCommand(ctx: CommandContext): Reply {
  const reg = registryOf(ctx.engine)
  const run = reg.running
  if (run !== null && run.kind === 'eval') return error(busyError(run))
  const running =
    run === null
      ? NULL_BULK
      : map([bulk('name'), bulk(run.name), bulk('command'), bulks(run.argv), bulk('duration_ms'), integer(ctx.now() - run.start)])
  const host = ctx.engine.scripting
  const engines =
    host === null
      ? EMPTY_MAP
      : map([bulk(host.engineName), map([bulk('libraries_count'), integer(reg.libraries.size), bulk('functions_count'), integer(reg.functions.size)])])
  return map([bulk('running_script'), running, bulk('engines'), engines])
}

function restoreCommand(ctx: CommandContext, args: readonly string[]): Reply {
  if (args.length > 2) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'function'))
  const policy = args.length === 2 ? (args[1] as string).toLowerCase() : 'append'
  if (policy !== 'append' && policy !== 'replace' && policy !== 'flush') throw new CommandError(ScriptErr.restorePolicy)
  const parsed = parseFunctionDump(args[0] as string)
  if ('error' in parsed) throw new CommandError(parsed.error === 'type' ? ScriptErr.restoreNotFunction : ScriptErr.restorePayload)
  const libs: Candidate[] = []
  try {
    for (const code of parsed.codes) libs.push(compileLibrary(ctx, code))
  } catch (e) {
    for (const l of libs) ctx.engine.scripting?.releaseLibrary(l.compiled)
    throw e
  }
  const reg = registryOf(ctx.engine)
  if (policy === 'flush') {
    const err = collision(ctx, libs, new Set(reg.libraries.keys()), ScriptErr.restoreLibraryExists)
    if (err === null) flushLibraries(ctx)
    commit(ctx, libs, new Set(), ScriptErr.restoreLibraryExists)
  } else {
    const replacing = policy === 'replace' ? new Set(libs.map((l) => l.name).filter((n) => reg.libraries.has(n))) : new Set<string>()
    commit(ctx, libs, replacing, ScriptErr.restoreLibraryExists)
  }
  return OK
}

const FUNCTION_HELP = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
  'HELP',
  '    Prints this help.',
]

const WRITE_TIPS = ['request_policy:all_shards', 'response_policy:all_succeeded']

export const functionCommand = defineCommand({
  name: 'function',
  group: 'scripting',
  since: '7.0.0',
  summary: 'A container for function commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [
    {
      name: 'delete',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Deletes a library and its functions.',
      complexity: 'O(1)',
      arity: 3,
      flags: ['write', 'noscript'],
      acl: ['scripting'],
      tips: WRITE_TIPS,
      run: (ctx, [name]) => {
        const reg = registryOf(ctx.engine)
        const lib = reg.libraries.get(name as string)
        if (lib === undefined) throw new CommandError(ScriptErr.libraryNotFound)
        reg.removeLibrary(ctx.engine.scripting, lib)
        ctx.engine.dirty++
        return OK
      },
    },
    {
      name: 'dump',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Serializes every library into a payload for FUNCTION RESTORE.',
      complexity: 'O(N) where N is the number of functions',
      arity: 2,
      flags: ['noscript'],
      acl: ['scripting'],
      run: (ctx) => bulk(dumpFunctions([...registryOf(ctx.engine).libraries.values()].map((l) => l.code))),
    },
    {
      name: 'flush',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Deletes every library.',
      complexity: 'O(N) where N is the number of functions deleted',
      arity: -2,
      flags: ['write', 'noscript'],
      acl: ['scripting'],
      tips: WRITE_TIPS,
      options: ['ASYNC', 'SYNC'],
      run: (ctx, args) => {
        if (args.length > 1) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'function'))
        const m = (args[0] ?? 'sync').toLowerCase()
        if (m !== 'async' && m !== 'sync') throw new CommandError(ScriptErr.functionFlushOption)
        flushLibraries(ctx)
        ctx.engine.dirty++
        return OK
      },
    },
    {
      name: 'help',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Returns help on the FUNCTION subcommands.',
      complexity: 'O(1)',
      arity: 2,
      flags: ['loading', 'stale'],
      acl: ['scripting'],
      run: () => array(FUNCTION_HELP.map(simple)),
    },
    {
      name: 'kill',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Stops the function that is running, if it has not written.',
      complexity: 'O(1)',
      arity: 2,
      flags: ['noscript', 'allow_busy'],
      acl: ['scripting'],
      tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
      run: (ctx) => killRunning(ctx.engine, 'function'),
    },
    {
      name: 'list',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Lists libraries and their functions.',
      complexity: 'O(N) where N is the number of functions',
      arity: -2,
      flags: ['noscript'],
      acl: ['scripting'],
      tips: ['nondeterministic_output_order'],
      options: ['LIBRARYNAME', 'WITHCODE'],
      run: listCommand,
    },
    {
      name: 'load',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Loads a library of functions.',
      complexity: 'O(1) (considering compilation time is redundant)',
      arity: -3,
      flags: ['write', 'denyoom', 'noscript'],
      acl: ['scripting'],
      tips: WRITE_TIPS,
      options: ['REPLACE'],
      run: (ctx, args) => {
        let replace = false
        for (const opt of args.slice(0, -1)) {
          if (opt.toLowerCase() !== 'replace') throw new CommandError(ScriptErr.loadOption(opt))
          replace = true
        }
        const lib = compileLibrary(ctx, args[args.length - 1] as string, replace)
        const replacing = replace && registryOf(ctx.engine).libraries.has(lib.name) ? new Set([lib.name]) : new Set<string>()
        commit(ctx, [lib], replacing, ScriptErr.libraryExists)
        return bulk(lib.name)
      },
    },
    {
      name: 'restore',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Restores libraries from a FUNCTION DUMP payload.',
      complexity: 'O(N) where N is the number of functions on the payload',
      arity: -3,
      flags: ['write', 'denyoom', 'noscript'],
      acl: ['scripting'],
      tips: WRITE_TIPS,
      options: ['FLUSH', 'APPEND', 'REPLACE'],
      run: restoreCommand,
    },
    {
      name: 'stats',
      group: 'scripting',
      since: '7.0.0',
      summary: 'Shows the function running now and the libraries per engine.',
      complexity: 'O(1)',
      arity: 2,
      flags: ['noscript', 'allow_busy'],
      acl: ['scripting'],
      tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
      run: statsCommand,
    },
  ],
})
