import { lua, type State } from './lua-api.js'

export function openCjson(L: State): void {
  lua.lua_newtable(L)
}
