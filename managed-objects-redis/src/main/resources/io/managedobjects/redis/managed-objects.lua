#!lua name=managedobjects_@VERSION@
-- The managed-objects library of Redis functions: every operation on a shared object is one call of the function
-- mo_@VERSION@, atomic in Redis. KEYS[1] is the prefix (default "mo:"); ARGV[1] the operation; ARGV[2] the caller's
-- session; ARGV[3] the object id (or "" for the manager's own operations); the rest are the operation's arguments.
--
-- Keys (P is the prefix, {id} the object's hash tag):
--   P{id}      the object's data: a hash (map, namespace), a string (value, atomic long)
--   P{id}:m    its metadata: t type, n name, c created (ms), rc references (sessions holding it + stored references),
--              s the last insertion number, v the version (every change adds one)
--   P{id}:o    the insertion order of a map's keys (a sorted set: key -> insertion number)
--   P{id}:r    the references each entry stores (a hash: field -> ids, space-separated; a map entry's key's ids, if
--              any, come first, then '|', then its value's)
--   Pobjects   every live object's id; Pnames: name -> id; Pseq: the last object number; Pinstance: this data's mark
--   Psessions  live sessions (a sorted set: session -> expiry, ms); Ps:<session>: the ids it holds -> how many times

local P, OP, SID, ID
local ops = {}

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function base(id) return P .. '{' .. id .. '}' end

local function split(text)
  local list = {}
  if text and text ~= '' then
    for word in string.gmatch(text, '[^%s|]+') do list[#list + 1] = word end
  end
  return list
end

-- the error of an object that does not exist, with the mark of the data now (an id made before Redis lost its data
-- carries another)
local function gone(id)
  return redis.error_reply('GONE ' .. id .. ' ' .. (redis.call('GET', P .. 'instance') or ''))
end

-- frees objects whose count reached zero, and what only they referenced
local function free(start)
  local work = {start}
  while #work > 0 do
    local id = table.remove(work)
    local b = base(id)
    if redis.call('HGET', b .. ':m', 'n') == false then
      for _, refs in ipairs(redis.call('HVALS', b .. ':r')) do
        for _, ref in ipairs(split(refs)) do
          local meta = base(ref) .. ':m'
          if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', meta, 'rc', -1) <= 0 then
            work[#work + 1] = ref
          end
        end
      end
      redis.call('DEL', b, b .. ':m', b .. ':o', b .. ':r')
      redis.call('SREM', P .. 'objects', id)
    end
  end
end

-- the error to return if an object that a value to store refers to is gone, else nil: operations that store check
-- first, and change nothing then
local function check_refs(refs)
  for _, ref in ipairs(split(refs)) do
    if redis.call('EXISTS', base(ref) .. ':m') == 0 then
      return gone(ref)
    end
  end
end

-- counts one more stored reference to each id (checked before)
local function add_refs(refs)
  for _, ref in ipairs(split(refs)) do
    redis.call('HINCRBY', base(ref) .. ':m', 'rc', 1)
  end
end

local function drop_refs(refs)
  for _, ref in ipairs(split(refs)) do
    local meta = base(ref) .. ':m'
    if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', meta, 'rc', -1) <= 0 then
      free(ref)
    end
  end
end

-- the session now holds each of these ids once more (a proxy made from a reply)
local function hold(refs)
  local list = type(refs) == 'table' and refs or split(refs)
  for _, ref in ipairs(list) do
    if redis.call('HINCRBY', P .. 's:' .. SID, ref, 1) == 1 then
      redis.call('HINCRBY', base(ref) .. ':m', 'rc', 1)
    end
  end
end

local function release(id, n)
  local key = P .. 's:' .. SID
  local left = redis.call('HINCRBY', key, id, -n)
  if left <= 0 then
    redis.call('HDEL', key, id)
    local meta = base(id) .. ':m'
    if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', meta, 'rc', -1) <= 0 then
      free(id)
    end
  end
end

-- sets the references an entry stores, releasing those it stored before
local function set_refs(b, field, refs)
  local old = redis.call('HGET', b .. ':r', field)
  if refs ~= '' then
    add_refs(refs)
    redis.call('HSET', b .. ':r', field, refs)
  elseif old then
    redis.call('HDEL', b .. ':r', field)
  end
  if old then drop_refs(old) end
end

local function changed(b)
  redis.call('HINCRBY', b .. ':m', 'v', 1)
end

-- the ids a stored value refers to (not its key's)
local function value_refs(refs)
  local bar = string.find(refs, '|', 1, true)
  return bar and string.sub(refs, bar + 1) or refs
end

-- a stored value (or nil), the caller's session holding the references it carries
local function held_value(b, field, value)
  if value then
    local refs = redis.call('HGET', b .. ':r', field)
    if refs then hold(value_refs(refs)) end
  end
  return value
end

-------------------------------------------------------------------------------------------------- the manager

-- opens (a[2] = 1) or renews the caller's session for a[1] ms; returns the data's mark, or 0 if the session had ended.
-- a[3]: a mark for the data if it has none yet; a[4], a[5]: the opening process's pid and host
ops.session = function(a)
  local key = P .. 'sessions'
  local known = redis.call('ZSCORE', key, SID)
  local fresh = a[2] == '1'
  if not known and not fresh then return 0 end
  local now = now_ms()
  redis.call('ZADD', key, now + tonumber(a[1]), SID)
  if fresh then
    redis.call('HSET', P .. 's:' .. SID .. ':i', 'pid', a[4], 'host', a[5], 'at', now)
  end
  redis.call('SETNX', P .. 'instance', a[3])
  return redis.call('GET', P .. 'instance')
end

ops.close = function(a)
  local key = P .. 's:' .. SID
  local held = redis.call('HGETALL', key)
  redis.call('DEL', key, key .. ':i')
  redis.call('ZREM', P .. 'sessions', SID)
  for i = 1, #held, 2 do
    local meta = base(held[i]) .. ':m'
    if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', meta, 'rc', -1) <= 0 then free(held[i]) end
  end
  return 1
end

ops.reap = function(a)   -- ends sessions whose expiry passed; returns how many
  local expired = redis.call('ZRANGEBYSCORE', P .. 'sessions', '-inf', now_ms())
  for _, sid in ipairs(expired) do
    SID = sid
    ops.close(a)
  end
  return #expired
end

ops.release = function(a)   -- a: id count id count ...
  for i = 1, #a, 2 do release(a[i], tonumber(a[i + 1])) end
  return 1
end

ops.create = function(a)   -- a[1] type, a[2] name or '', a[3] a mark for the data if it has none yet; then an operation and its arguments, run on the new object
  local kind, name = a[1], a[2]
  if name ~= '' then
    local existing = redis.call('HGET', P .. 'names', name)
    if existing then
      local t = redis.call('HGET', base(existing) .. ':m', 't')
      if t ~= kind then
        return redis.error_reply('NAMETAKEN ' .. tostring(t))
      end
      hold({existing})
      return {existing, 0}
    end
  end
  redis.call('SETNX', P .. 'instance', a[3])
  local id = redis.call('INCR', P .. 'seq') .. '-' .. redis.call('GET', P .. 'instance')
  local b = base(id)
  redis.call('HSET', b .. ':m', 't', kind, 'c', now_ms(), 'rc', 0, 's', 0, 'v', 0)
  if name ~= '' then
    redis.call('HSET', b .. ':m', 'n', name)
    redis.call('HSET', P .. 'names', name, id)
  end
  redis.call('SADD', P .. 'objects', id)
  hold({id})
  if a[4] then
    local init = {}
    for i = 5, #a do init[#init + 1] = a[i] end
    ID = id
    local err = ops[a[4]](init, b)
    if type(err) == 'table' and err.err then
      ops.destroy({}, b)   -- a reference in the initial contents is gone: nothing is created
      redis.call('HDEL', P .. 's:' .. SID, id)
      return err
    end
  end
  return {id, 1}
end

ops.attach = function(a, b)   -- the session holds the object once more (a proxy made from a reference); returns its type
  hold({ID})
  return redis.call('HGET', b .. ':m', 't')
end

ops.destroy = function(a, b)
  local name = redis.call('HGET', b .. ':m', 'n')
  if name then redis.call('HDEL', P .. 'names', name) end
  redis.call('HDEL', b .. ':m', 'n')
  for _, refs in ipairs(redis.call('HVALS', b .. ':r')) do drop_refs(refs) end
  redis.call('DEL', b, b .. ':m', b .. ':o', b .. ':r')
  redis.call('SREM', P .. 'objects', ID)
  return 1
end

ops.info = function(a)   -- every object: id, type, name, size, refs, created; then the live sessions
  local objects = {}
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'objects')) do
    local m = redis.call('HMGET', base(id) .. ':m', 't', 'n', 'rc', 'c')
    local t = m[1]
    local size = -1
    if t == 'map' or t == 'namespace' then size = redis.call('HLEN', base(id)) end
    objects[#objects + 1] = {id, m[1] or '', m[2] or '', size, tonumber(m[3] or 0), tonumber(m[4] or 0)}
  end
  local sessions = {}
  for _, sid in ipairs(redis.call('ZRANGE', P .. 'sessions', 0, -1)) do
    local i = redis.call('HMGET', P .. 's:' .. sid .. ':i', 'pid', 'host', 'at')
    sessions[#sessions + 1] = {sid, tonumber(i[1] or 0), i[2] or '', tonumber(i[3] or 0)}
  end
  return {objects, sessions}
end

-------------------------------------------------------------------------------------------------- maps

local function map_set(b, key, value, refs)
  local old = redis.call('HGET', b, key)
  redis.call('HSET', b, key, value)
  if not old then
    redis.call('ZADD', b .. ':o', redis.call('HINCRBY', b .. ':m', 's', 1), key)
  end
  set_refs(b, key, refs)
  changed(b)
  return old
end

local function map_delete(b, key)
  redis.call('HDEL', b, key)
  redis.call('ZREM', b .. ':o', key)
  local old = redis.call('HGET', b .. ':r', key)
  if old then
    redis.call('HDEL', b .. ':r', key)
    drop_refs(old)
  end
  changed(b)
end

ops.size = function(a, b) return redis.call('HLEN', b) end
ops.containsKey = function(a, b) return redis.call('HEXISTS', b, a[1]) end
ops.get = function(a, b) return held_value(b, a[1], redis.call('HGET', b, a[1])) end
ops.version = function(a, b) return tonumber(redis.call('HGET', b .. ':m', 'v')) end

ops.put = function(a, b)   -- key, value, refs of both
  local err = check_refs(a[3])
  if err then return err end
  local old = held_value(b, a[1], redis.call('HGET', b, a[1]))
  map_set(b, a[1], a[2], a[3])
  return old
end

ops.putIfAbsent = function(a, b)
  local old = redis.call('HGET', b, a[1])
  if old then return held_value(b, a[1], old) end
  local err = check_refs(a[3])
  if err then return err end
  map_set(b, a[1], a[2], a[3])
  return false
end

ops.replace = function(a, b)
  local old = redis.call('HGET', b, a[1])
  if not old then return false end
  local err = check_refs(a[3])
  if err then return err end
  held_value(b, a[1], old)
  map_set(b, a[1], a[2], a[3])
  return old
end

ops.putAll = function(a, b)   -- key value refs, ...: all or nothing
  for i = 1, #a, 3 do
    local err = check_refs(a[i + 2])
    if err then return err end
  end
  for i = 1, #a, 3 do
    map_set(b, a[i], a[i + 1], a[i + 2])
  end
  return 1
end

ops.remove = function(a, b)
  local old = redis.call('HGET', b, a[1])
  if not old then return false end
  held_value(b, a[1], old)
  map_delete(b, a[1])
  return old
end

-- removes or replaces an entry only while it holds exactly these bytes (the caller compared them by equals)
ops.removeIfSame = function(a, b)
  if redis.call('HGET', b, a[1]) ~= a[2] then return 0 end
  map_delete(b, a[1])
  return 1
end

ops.replaceIfSame = function(a, b)   -- key, current bytes, new value, its refs
  if redis.call('HGET', b, a[1]) ~= a[2] then return 0 end
  local err = check_refs(a[4])
  if err then return err end
  map_set(b, a[1], a[3], a[4])
  return 1
end

-- removes the keys present among a[from..]; returns how many
local function delete_keys(b, a, from)
  local removed = 0
  for i = from, #a do
    if redis.call('HEXISTS', b, a[i]) == 1 then
      map_delete(b, a[i])
      removed = removed + 1
    end
  end
  return removed
end

-- removes entries, all or none: only if the map's version is still the one the caller decided on
ops.removeKeysAt = function(a, b)   -- version, key...
  if redis.call('HGET', b .. ':m', 'v') ~= a[1] then return -1 end
  return delete_keys(b, a, 2)
end

ops.removeKeys = function(a, b) return delete_keys(b, a, 1) end

ops.retainKeys = function(a, b)
  local keep = {}
  for i = 1, #a do keep[a[i]] = true end
  local removed = 0
  for _, key in ipairs(redis.call('ZRANGE', b .. ':o', 0, -1)) do
    if not keep[key] then
      map_delete(b, key)
      removed = removed + 1
    end
  end
  return removed
end

ops.clear = function(a, b)
  for _, refs in ipairs(redis.call('HVALS', b .. ':r')) do drop_refs(refs) end
  redis.call('DEL', b, b .. ':o', b .. ':r')
  changed(b)
  return 1
end

-- the whole map in insertion order: its version, then key, value, key, value...
ops.snapshot = function(a, b)
  local keys = redis.call('ZRANGE', b .. ':o', 0, -1)
  local reply = {tonumber(redis.call('HGET', b .. ':m', 'v'))}
  if #keys == 0 then return reply end
  for from = 1, #keys, 1000 do   -- unpack() takes some thousands of values at most
    local part = {unpack(keys, from, math.min(#keys, from + 999))}
    local values = redis.call('HMGET', b, unpack(part))
    local refs = redis.call('HMGET', b .. ':r', unpack(part))
    for i = 1, #part do
      reply[#reply + 1] = part[i]
      reply[#reply + 1] = values[i]
      if refs[i] then hold(refs[i]) end
    end
  end
  return reply
end

-------------------------------------------------------------------------------------------------- values

ops.valueGet = function(a, b) return held_value(b, '', redis.call('GET', b)) end

ops.valueSet = function(a, b)   -- value, refs; returns the old value
  local err = check_refs(a[2])
  if err then return err end
  local old = held_value(b, '', redis.call('GET', b))
  redis.call('SET', b, a[1])
  set_refs(b, '', a[2])
  changed(b)
  return old
end

ops.valueSetIfSame = function(a, b)   -- current bytes, new value, refs
  if redis.call('GET', b) ~= a[1] then return 0 end
  local err = check_refs(a[3])
  if err then return err end
  redis.call('SET', b, a[2])
  set_refs(b, '', a[3])
  changed(b)
  return 1
end

-------------------------------------------------------------------------------------------------- atomic longs

ops.longGet = function(a, b) return tonumber(redis.call('GET', b) or '0') end
ops.longSet = function(a, b) redis.call('SET', b, a[1]); return 1 end
ops.longGetAndSet = function(a, b) return tonumber(redis.call('GETSET', b, a[1]) or '0') end
ops.longAddAndGet = function(a, b) return redis.call('INCRBY', b, a[1]) end
ops.longGetAndAdd = function(a, b) return redis.call('INCRBY', b, a[1]) - tonumber(a[1]) end
ops.longCompareAndSet = function(a, b)
  if tonumber(redis.call('GET', b) or '0') ~= tonumber(a[1]) then return 0 end
  redis.call('SET', b, a[2])
  return 1
end

-------------------------------------------------------------------------------------------------- entry point

local manager_ops = {session = true, close = true, reap = true, release = true, create = true, info = true}

redis.register_function('mo_@VERSION@', function(keys, args)
  P, OP, SID, ID = keys[1], args[1], args[2], args[3]
  local rest = {}
  for i = 4, #args do rest[#rest + 1] = args[i] end
  local op = ops[OP]
  if not op then return redis.error_reply('NOOP ' .. OP) end
  local result
  if manager_ops[OP] then
    result = op(rest)
  else
    local b = base(ID)
    if redis.call('EXISTS', b .. ':m') == 0 then return gone(ID) end
    result = op(rest, b)
  end
  if type(result) == 'table' and result.err then return result end
  return {result}   -- one shape of reply for every operation: a list of the one result (empty for nil)
end)
