// https://redis.io/commands/module/
// redlet loads no modules: LIST is empty, LOAD and LOADEX fail as a Redis that cannot load the
// file does, UNLOAD finds nothing. LOAD, LOADEX and UNLOAD need `enable-module-command`.
import { CommandError, DebugErr, unknownSubcommand } from '../errors.js'
import { EMPTY_ARRAY } from '../resp/types.js'
import { defineCommand, type CommandSpec } from './define.js'
import { arg, helpSubcommand } from './server-command-docs.js'

const HELP = [
  'LIST',
  '    Return a list of loaded modules.',
  'LOAD <path> [<arg> ...]',
  '    Load a module library from <path>, passing to it any optional arguments.',
  'LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]',
  '    Load a module library from <path>, while passing it module configurations and optional arguments.',
  'UNLOAD <name>',
  '    Unload a module.',
]

const LOADING = {
  group: 'server',
  complexity: 'O(1)',
  flags: ['admin', 'noscript', 'no_async_loading'],
  protectedBy: 'enable-module-command',
} as const

const helpCommand = helpSubcommand('module', 'server', '5.0.0', HELP)

const listCommand = defineCommand({
  name: 'list',
  group: 'server',
  since: '4.0.0',
  summary: 'Returns all loaded modules.',
  complexity: 'O(N) where N is the number of loaded modules.',
  arity: 2,
  flags: ['admin', 'noscript'],
  tips: ['nondeterministic_output_order'],
  run: () => EMPTY_ARRAY,
})

const loadCommand = defineCommand({
  ...LOADING,
  name: 'load',
  since: '4.0.0',
  summary: 'Loads a module.',
  arity: -3,
  arguments: [arg.string('path'), arg.string('arg', { optional: true, multiple: true })],
  run: () => {
    throw new CommandError(DebugErr.moduleLoad)
  },
})

const loadexCommand = defineCommand({
  ...LOADING,
  name: 'loadex',
  since: '7.0.0',
  summary: 'Loads a module with its configuration and arguments.',
  arity: -3,
  options: ['CONFIG', 'ARGS'],
  arguments: [
    arg.string('path'),
    arg.block('configs', [arg.string('name'), arg.string('value')], { token: 'CONFIG', optional: true, multiple: true, multipleToken: true }),
    arg.block('args', [arg.string('arg', { multiple: true })], { token: 'ARGS', optional: true }),
  ],
  run: () => {
    throw new CommandError(DebugErr.moduleLoad)
  },
})

const unloadCommand = defineCommand({
  ...LOADING,
  name: 'unload',
  since: '4.0.0',
  summary: 'Unloads a module.',
  arity: 3,
  arguments: [arg.string('name')],
  run: () => {
    throw new CommandError(DebugErr.moduleUnload)
  },
})

export const moduleCommand = defineCommand({
  name: 'module',
  group: 'server',
  since: '4.0.0',
  summary: 'A container for module commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [helpCommand, listCommand, loadCommand, loadexCommand, unloadCommand] satisfies CommandSpec[],
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'module'))
  },
})

export const moduleCommands: readonly CommandSpec[] = [moduleCommand]
