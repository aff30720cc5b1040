-- Argo CD health for cutover.io/ServiceAccountMigration (docs/gitops.md). It reads the kstatus conditions the
-- operator writes beside Ready (Reconciling, Stalled), and the phase where an older operator wrote none.
--   Healthy      Ready=True: Completed, or a dry run that is planned (DryRunPlanned)
--   Degraded     Stalled=True (Failed, RolledBack, a plan waiting for spec.acceptLosses); RollingBack; or still
--                before cutover more than 30 s past status.dualRun.deadline
--   Suspended    waiting for spec.cutover.approved (Ready reason AwaitingApproval) before the deadline
--   Progressing  everything else (Reconciling=True): not yet seen, spec not yet observed, planning, provisioning,
--                dual run, cutting over, verifying, retrying after errors
-- Argo CD's Lua has a safe "os" module (time, date); `require("os")` works there and in plain Lua 5.4.
local os = require("os")
local hs = {}
local GRACE_SECONDS = 30

local function condition(status, type)
  if status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == type then return c end
  end
  return nil
end

-- RFC 3339 UTC ("2026-01-02T03:04:05Z" or with fractional seconds) to seconds since the epoch; nil if unreadable.
local function epoch(rfc3339)
  if rfc3339 == nil then return nil end
  local y, mo, d, h, mi, s = string.match(rfc3339, "^(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)")
  if y == nil then return nil end
  local t = {year = tonumber(y), month = tonumber(mo), day = tonumber(d), hour = tonumber(h), min = tonumber(mi),
             sec = tonumber(s), isdst = false}
  -- os.time reads the table as local time; correct by this zone's offset from UTC.
  local now = os.time()
  local offset = now - os.time(os.date("!*t", now))
  return os.time(t) + offset
end

local function summary(ready, fallback)
  if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
    return ready.reason .. ": " .. ready.message
  end
  if ready ~= nil then return ready.reason end
  return fallback
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see the migration"
  return hs
end

local phase = status.phase
local ready = condition(status, "Ready")
local generation = obj.metadata ~= nil and obj.metadata.generation or nil
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local stalled = condition(status, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = phase .. " - " .. summary(stalled, phase)
  return hs
end

if phase == "Completed" then
  hs.status = "Healthy"
  hs.message = summary(ready, "Completed")
  return hs
end
if phase == "Failed" or phase == "RolledBack" or phase == "RollingBack" then
  hs.status = "Degraded"
  hs.message = phase .. " - " .. summary(ready, phase)
  return hs
end
if phase == "Planned" and ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = summary(ready, "Dry run planned")
  return hs
end

if (phase == "Provisioning" or phase == "DualRun") and status.dualRun ~= nil then
  local deadline = epoch(status.dualRun.deadline)
  if deadline ~= nil and os.time() > deadline + GRACE_SECONDS then
    hs.status = "Degraded"
    hs.message = "The dual-run deadline " .. status.dualRun.deadline .. " has passed and the migration is still in " .. phase
    return hs
  end
end
if phase == "DualRun" and ready ~= nil and ready.reason == "AwaitingApproval" then
  hs.status = "Suspended"
  hs.message = summary(ready, "Waiting for spec.cutover.approved")
  return hs
end

local reconciling = condition(status, "Reconciling")
hs.status = "Progressing"
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = phase .. " - " .. summary(reconciling, phase)
else
  hs.message = phase .. " - " .. summary(ready, phase)
end
return hs
