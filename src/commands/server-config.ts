// https://redis.io/commands/config-get/ and the other CONFIG subcommands
import { ConfigValueError, type ConfigSpec } from '../core/config.js'
import { rewriteConfigText } from '../core/config-rewrite.js'
import type { Engine } from '../engine.js'
import { CommandError, ConfigReason, configRewriteFailed, configSetFailed, Err, ServerErr, unknownConfig } from '../errors.js'
import { bulk, map, OK, type Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { defineCommand, type CommandFlag } from './define.js'
import { isLocalSession } from './protected.js'
import { resetStats } from './server-info.js'
import { arg, helpSubcommand } from './server-command-docs.js'

const ADMIN: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale']

/**
 * Writes the config file for CONFIG REWRITE: given a function from the file's
 * old text to its new text, returns null, or why writing failed.
 */
export type ConfigRewriter = (render: (old: string) => string) => string | null

const rewriters = new WeakMap<Engine, ConfigRewriter>()

/** An adapter that started the engine from a config file lets CONFIG REWRITE write it. */
export function setConfigRewriter(engine: Engine, rewriter: ConfigRewriter | null): void {
  if (rewriter) rewriters.set(engine, rewriter)
  else rewriters.delete(engine)
}

const getCommand = defineCommand({
  name: 'get',
  group: 'server',
  since: '2.0.0',
  summary: 'Returns the effective values of configuration parameters.',
  complexity: 'O(N) when N is the number of configuration parameters provided',
  arity: -3,
  flags: ADMIN,
  history: [['7.0.0', 'Several patterns in one call.']],
  arguments: [arg.block('parameter', [arg.string('parameter')], { multiple: true })],
  run: (ctx, patterns) => {
    const seen = new Set<string>()
    const out: Reply[] = []
    for (const p of patterns) {
      for (const [name, value] of ctx.engine.config.match(p)) {
        // one entry per name, compared case-insensitively, as Redis's reply dictionary does
        const id = name.toLowerCase()
        if (seen.has(id)) continue
        seen.add(id)
        out.push(bulk(name), bulk(value))
      }
    }
    return map(out)
  },
})

/** Whether a session may change protected settings (`enable-protected-configs`). */
function mayChangeProtected(ctx: CommandContext): boolean {
  const mode = ctx.engine.config.get('enable-protected-configs')
  if (mode === 'yes') return true
  return mode === 'local' && isLocalSession(ctx.session)
}

const setCommand = defineCommand({
  name: 'set',
  group: 'server',
  since: '2.0.0',
  summary: 'Sets configuration parameters in-flight.',
  complexity: 'O(N) when N is the number of configuration parameters provided',
  arity: -4,
  flags: ADMIN,
  tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
  history: [['7.0.0', 'Several parameters in one call.']],
  arguments: [arg.block('parameter_value', [arg.string('parameter'), arg.string('value')], { multiple: true })],
  run: (ctx, args) => {
    if (args.length % 2 !== 0) throw new CommandError(Err.syntax)
    const config = ctx.engine.config
    const specs: ConfigSpec[] = []
    const given = new Set<string>()
    // names first, each in turn: unknown, immutable, protected, repeated
    for (let i = 0; i < args.length; i += 2) {
      const name = args[i] as string
      const spec = config.spec(name)
      if (!spec) throw new CommandError(unknownConfig('SET', name))
      if (spec.mutable === false) throw new CommandError(configSetFailed(name, ConfigReason.immutable))
      if (spec.protected && !mayChangeProtected(ctx)) throw new CommandError(configSetFailed(name, ConfigReason.protectedConfig))
      // aliases are separate entries: `hash-max-ziplist-entries` and `hash-max-listpack-entries` may both appear
      const id = name.toLowerCase()
      if (given.has(id)) throw new CommandError(configSetFailed(name, ConfigReason.duplicate))
      given.add(id)
      specs.push(spec)
    }
    // then every value, before anything changes: all or nothing
    for (let i = 0; i < args.length; i += 2) {
      try {
        config.check(args[i] as string, args[i + 1] as string)
      } catch (e) {
        if (e instanceof ConfigValueError) throw new CommandError(configSetFailed(args[i] as string, e.reason))
        throw e
      }
    }
    for (let i = 0; i < args.length; i += 2) config.set(args[i] as string, args[i + 1] as string)
    return OK
  },
})

const resetstatCommand = defineCommand({
  name: 'resetstat',
  group: 'server',
  since: '2.0.0',
  summary: 'Resets the server\'s statistics.',
  complexity: 'O(1)',
  arity: 2,
  flags: ADMIN,
  run: (ctx) => {
    resetStats(ctx.engine)
    return OK
  },
})

const rewriteCommand = defineCommand({
  name: 'rewrite',
  group: 'server',
  since: '2.8.0',
  summary: 'Persists the effective configuration to file.',
  complexity: 'O(1)',
  arity: 2,
  flags: ADMIN,
  run: (ctx) => {
    const rewriter = rewriters.get(ctx.engine)
    if (!rewriter) throw new CommandError(ServerErr.noConfigFile)
    const failure = rewriter((old) => rewriteConfigText(old, ctx.engine.config))
    if (failure !== null) throw new CommandError(configRewriteFailed(failure))
    return OK
  },
})

const HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
]

const helpCommand = helpSubcommand('config', 'server', '5.0.0', HELP)

export const configCommand = defineCommand({
  name: 'config',
  group: 'server',
  since: '2.0.0',
  summary: 'A container for server configuration commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [getCommand, helpCommand, resetstatCommand, rewriteCommand, setCommand],
})
