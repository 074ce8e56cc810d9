// https://redis.io/commands/?group=scripting
import { sha1Hex } from '../core/sha1.js'
import { parseShebang, type ScriptFlag, type ScriptingHost } from '../core/scripting.js'
import { CommandError, Err, ScriptErr } from '../errors.js'
import { array, bulk, error, integer, OK, simple, type Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { fcallCommand, fcallRoCommand, functionCommand } from './scripting-function.js'
import { evalNumkeys, hostOf, killRunning, registryOf, runScript, splitKeys } from './scripting-run.js'

/** Compiles and caches a script body (EVAL, SCRIPT LOAD); returns its sha. */
function loadScript(ctx: CommandContext, host: ScriptingHost, body: string): string {
  const sha = sha1Hex(body)
  const reg = registryOf(ctx.engine)
  if (reg.scripts.has(sha)) return sha
  const { flags, code } = parseShebang(body)
  const err = host.compileScript(sha, code)
  if (err !== null) throw new CommandError(err)
  reg.scripts.set(sha, flags)
  return sha
}

/** Whether a script may write: legacy scripts (no shebang) unless run read-only, shebang ones unless `no-writes`. */
function readOnlyRun(flags: readonly ScriptFlag[] | null, roCommand: boolean): boolean {
  if (flags === null) return roCommand
  const noWrites = flags.includes('no-writes')
  if (roCommand && !noWrites) throw new CommandError(ScriptErr.roWithWriteFlag)
  return noWrites
}

function evalGeneric(ctx: CommandContext, args: readonly string[], bySha: boolean, roCommand: boolean): Reply {
  // EVALSHA checks the digest's length before numkeys
  if (bySha && (args[0] as string).length !== 40) throw new CommandError(Err.noScript)
  const numkeys = evalNumkeys(args[1] as string, args.length - 2)
  const reg = registryOf(ctx.engine)
  const sha = bySha ? (args[0] as string).toLowerCase() : loadScript(ctx, hostOf(ctx), args[0] as string)
  const flags = reg.scripts.get(sha)
  if (flags === undefined) throw new CommandError(Err.noScript)
  const host = hostOf(ctx)
  const readOnly = readOnlyRun(flags, roCommand)
  const { keys, args: argv } = splitKeys(args, numkeys)
  const allowOom = flags?.includes('allow-oom') ?? false
  return runScript(ctx, { kind: 'eval', name: sha, readOnly, allowOom, keys, args: argv, exec: (api) => host.runScript(sha, api) })
}

const RW_NOTE = 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE'
const RO_NOTE = 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS'
const RW_KEYS = [{ ...ks.keynum(['RW', 'access', 'update'], 2), notes: RW_NOTE }]
const RO_KEYS = [{ ...ks.keynum(['RO', 'access'], 2), notes: RO_NOTE }]
const EVAL_FLAGS = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys'] as const

export const evalCommand = defineCommand({
  name: 'eval',
  group: 'scripting',
  since: '2.6.0',
  summary: 'Runs a Lua script on the server.',
  complexity: 'Depends on the script that is executed.',
  arity: -3,
  flags: [...EVAL_FLAGS],
  acl: ['scripting'],
  keySpecs: RW_KEYS,
  run: (ctx, args) => evalGeneric(ctx, args, false, false),
})

export const evalshaCommand = defineCommand({
  name: 'evalsha',
  group: 'scripting',
  since: '2.6.0',
  summary: 'Runs a cached Lua script by its SHA1 digest.',
  complexity: 'Depends on the script that is executed.',
  arity: -3,
  flags: [...EVAL_FLAGS],
  acl: ['scripting'],
  keySpecs: [ks.keynum(['RW', 'access', 'update'], 2)],
  run: (ctx, args) => evalGeneric(ctx, args, true, false),
})

export const evalshaRoCommand = defineCommand({
  name: 'evalsha_ro',
  group: 'scripting',
  since: '7.0.0',
  summary: 'Runs a cached Lua script by its SHA1 digest, refusing writes.',
  complexity: 'Depends on the script that is executed.',
  arity: -3,
  flags: ['readonly', ...EVAL_FLAGS],
  acl: ['scripting'],
  keySpecs: [ks.keynum(['RO', 'access'], 2)],
  run: (ctx, args) => evalGeneric(ctx, args, true, true),
})

export const evalRoCommand = defineCommand({
  name: 'eval_ro',
  group: 'scripting',
  since: '7.0.0',
  summary: 'Runs a Lua script on the server, refusing writes.',
  complexity: 'Depends on the script that is executed.',
  arity: -3,
  flags: ['readonly', ...EVAL_FLAGS],
  acl: ['scripting'],
  keySpecs: RO_KEYS,
  run: (ctx, args) => evalGeneric(ctx, args, false, true),
})

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
  'HELP',
  '    Prints this help.',
]

/** FLUSH's optional ASYNC|SYNC (both flush at once here: the engine is synchronous). */
export function flushMode(args: readonly string[], message: string): void {
  if (args.length === 0) return
  const m = (args[0] as string).toLowerCase()
  if (args.length > 1 || (m !== 'async' && m !== 'sync')) throw new CommandError(message)
}

export const scriptCommand = defineCommand({
  name: 'script',
  group: 'scripting',
  since: '2.6.0',
  summary: 'A container for Lua script management commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [
    {
      name: 'debug',
      group: 'scripting',
      since: '3.2.0',
      summary: 'Sets the debug mode of server-side Lua scripts.',
      complexity: 'O(1)',
      arity: 3,
      flags: ['noscript'],
      acl: ['scripting'],
      run: (_ctx, [mode]) => {
        const m = (mode as string).toLowerCase()
        if (m === 'no') return OK
        // redlet has no Lua debugger (LDB): YES and SYNC are refused rather than half supported
        if (m === 'yes' || m === 'sync') return error(ScriptErr.debuggerUnsupported)
        return error(ScriptErr.scriptDebugOption)
      },
    },
    {
      name: 'exists',
      group: 'scripting',
      since: '2.6.0',
      summary: 'Tells whether scripts are in the script cache.',
      complexity: 'O(N) with N being the number of scripts to check.',
      arity: -3,
      flags: ['noscript'],
      acl: ['scripting'],
      tips: ['request_policy:all_shards', 'response_policy:agg_logical_and'],
      run: (ctx, shas) => {
        const scripts = registryOf(ctx.engine).scripts
        return array(shas.map((s) => integer(scripts.has(s.toLowerCase()) ? 1 : 0)))
      },
    },
    {
      name: 'flush',
      group: 'scripting',
      since: '2.6.0',
      summary: 'Removes every script from the script cache.',
      complexity: 'O(N) with N being the number of scripts in cache',
      arity: -2,
      flags: ['noscript'],
      acl: ['scripting'],
      tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
      options: ['ASYNC', 'SYNC'],
      run: (ctx, args) => {
        flushMode(args, ScriptErr.scriptFlushOption)
        registryOf(ctx.engine).scripts.clear()
        ctx.engine.scripting?.flushScripts()
        return OK
      },
    },
    {
      name: 'help',
      group: 'scripting',
      since: '5.0.0',
      summary: 'Returns help on the SCRIPT subcommands.',
      complexity: 'O(1)',
      arity: 2,
      flags: ['loading', 'stale'],
      acl: ['scripting'],
      run: () => array(SCRIPT_HELP.map(simple)),
    },
    {
      name: 'kill',
      group: 'scripting',
      since: '2.6.0',
      summary: 'Stops the script that is running, if it has not written.',
      complexity: 'O(1)',
      arity: 2,
      flags: ['noscript', 'allow_busy'],
      acl: ['scripting'],
      tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
      run: (ctx) => killRunning(ctx.engine, 'eval'),
    },
    {
      name: 'load',
      group: 'scripting',
      since: '2.6.0',
      summary: 'Compiles a Lua script into the script cache without running it.',
      complexity: 'O(N) with N being the length in bytes of the script body.',
      arity: 3,
      flags: ['noscript', 'stale'],
      acl: ['scripting'],
      tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
      run: (ctx, [body]) => bulk(loadScript(ctx, hostOf(ctx), body as string)),
    },
  ],
})

/** In redis.io order. */
export const scriptingCommands: readonly CommandSpec[] = [
  evalCommand,
  evalshaCommand,
  evalshaRoCommand,
  evalRoCommand,
  fcallCommand,
  fcallRoCommand,
  functionCommand,
  scriptCommand,
]
