-- Runs health.lua the way Argo CD does (a global `obj`, the script's return value) on a JSON-free input: the test
-- passes the object as a Lua table literal file. Usage: lua5.4 run-health.lua health.lua object.lua
local script, object = arg[1], arg[2]
obj = dofile(object)
local hs = dofile(script)
io.write(hs.status, "\n", hs.message or "", "\n")
