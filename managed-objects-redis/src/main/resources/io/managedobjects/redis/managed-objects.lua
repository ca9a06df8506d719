#!lua name=managedobjects_@VERSION@
-- The managed-objects library of Redis functions: every operation on a shared object is one call of the function
-- mo_@VERSION@, atomic in Redis. KEYS[1] is the prefix (default "mo:"); ARGV[1] the operation; ARGV[2] the caller's
-- session; ARGV[3] the object id (or "" for the manager's own operations); the rest are the operation's arguments.
--
-- Keys (P is the prefix, {id} the object's hash tag):
--   P{id}      the object's data: a hash (map, namespace; a set: its elements to "1"), a list (list: see below), a
--              string (value, atomic long)
--   P{id}:m    its metadata: t type, n name, c created (ms), rc references (sessions holding it + stored references),
--              s the last insertion number, v the version (every change adds one)
--   P{id}:o    the insertion order of a hash's keys (a sorted set: key -> insertion number)
--   P{id}:r    the references each entry stores (a hash: field -> ids, space-separated; a map entry's key's ids, if
--              any, come first, then '|', then its value's)
--   Pobjects   every live object's id; Pnames: name -> id; Pseq: the last object number; Pinstance: this data's mark
--   P{id}:w    a lock's waiters, in order of arrival
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
  local owner = redis.call('GET', P .. '{' .. id .. '}:gone')
  if owner then return redis.error_reply('OWNERGONE ' .. id .. ' ' .. owner) end
  return redis.error_reply('GONE ' .. id .. ' ' .. (redis.call('GET', P .. 'instance') or ''))
end

-- deletes an object's keys; its waiters are told, and the process hosting an instance of a registered class drops it
local function delete_object(id)
  local b = base(id)
  local owner = redis.call('HGET', b .. ':m', 'ho')
  redis.call('DEL', b, b .. ':m', b .. ':o', b .. ':r', b .. ':t', b .. ':w', b .. ':g', b .. ':hs', b .. ':ho', b .. ':ws', b .. ':wh', b .. ':res')
  redis.call('SREM', P .. 'objects', id)
  redis.call('PUBLISH', b .. ':n', 'd')   -- its waiters find it gone at once
  if owner then
    local s = P .. 's:' .. owner
    redis.call('SREM', s .. ':h', id)
    if redis.call('ZSCORE', P .. 'sessions', owner) then
      redis.call('RPUSH', s .. ':u', redis.call('INCR', s .. ':us') .. ' - ' .. id .. '\n')
      redis.call('PUBLISH', s .. ':un', 'c')
    end
  end
end

-- what an object refers to: from a map's, set's, namespace's or value's reference hash, or a list's items
local function all_refs(b)
  local refs = redis.call('HVALS', b .. ':r')
  local items = redis.call('HVALS', b .. ':t')
  if redis.call('TYPE', b).ok == 'list' then
    for _, item in ipairs(redis.call('LRANGE', b, 0, -1)) do items[#items + 1] = item end
  end
  for _, item in ipairs(items) do
    local nl = string.find(item, '\n', 1, true)
    if nl and nl > 1 then refs[#refs + 1] = string.sub(item, 1, nl - 1) end
  end
  return refs
end

-- frees objects whose count reached zero, and what only they referenced
local function free(start)
  local work = {start}
  while #work > 0 do
    local id = table.remove(work)
    local b = base(id)
    if redis.call('EXISTS', b .. ':m') == 1 and redis.call('HGET', b .. ':m', 'n') == false then
      local stored = all_refs(b)
      delete_object(id)
      for _, refs in ipairs(stored) do
        for _, ref in ipairs(split(refs)) do
          local meta = base(ref) .. ':m'
          if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', meta, 'rc', -1) <= 0 then
            work[#work + 1] = ref
          end
        end
      end
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

-- deletes an object, named or not, and drops the references it stored
local function destroy_object(id)
  local b = base(id)
  local name = redis.call('HGET', b .. ':m', 'n')
  if name and redis.call('HGET', P .. 'names', name) == id then redis.call('HDEL', P .. 'names', name) end
  local refs = all_refs(b)
  delete_object(id)
  for _, r in ipairs(refs) do drop_refs(r) end
end

-- the session now holds each of these ids once more (a proxy made from a reply); an id whose object is gone (a
-- stored reference to a destroyed object) is not held: its proxy fails clearly, and its release finds nothing
local function hold(refs)
  local list = type(refs) == 'table' and refs or split(refs)
  for _, ref in ipairs(list) do
    local meta = base(ref) .. ':m'
    if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', P .. 's:' .. SID, ref, 1) == 1 then
      redis.call('HINCRBY', meta, 'rc', 1)
    end
  end
end

-- the session holds an id n times fewer; an id it does not hold (released already, or counted for another session)
-- changes nothing
local function release(id, n)
  local key = P .. 's:' .. SID
  local held = tonumber(redis.call('HGET', key, id) or '0')
  if held <= 0 then return end
  if held > n then
    redis.call('HINCRBY', key, id, -n)
    return
  end
  redis.call('HDEL', key, id)
  local meta = base(id) .. ':m'
  if redis.call('EXISTS', meta) == 1 and redis.call('HINCRBY', meta, 'rc', -1) <= 0 then
    free(id)
  end
end

-- sets the references an entry stores (counted by the caller first) and returns those it stored before, for the
-- caller to drop last: counts go up before any goes down, so no object is freed on the way
local function swap_refs(b, field, refs)
  local old = redis.call('HGET', b .. ':r', field)
  if refs ~= '' then
    redis.call('HSET', b .. ':r', field, refs)
  elseif old then
    redis.call('HDEL', b .. ':r', field)
  end
  return old
end

local grant_next, grant_permits, sem_session_ended, bar_break   -- below: a session's end uses them

-- every change adds one to the object's version, and is published for callers waiting on it (a queue's)
local function changed(b)
  redis.call('HINCRBY', b .. ':m', 'v', 1)
  redis.call('PUBLISH', b .. ':n', 'c')
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
  -- items taken but never acknowledged go back to the head of their queues, the first taken first
  for _, queue in ipairs(redis.call('SMEMBERS', key .. ':q')) do
    local b = base(queue)
    local flying = redis.call('HGETALL', b .. ':t')
    local mine = {}
    for i = 1, #flying, 2 do
      if string.sub(flying[i], 1, #SID + 1) == SID .. ' ' then mine[#mine + 1] = {flying[i], flying[i + 1]} end
    end
    table.sort(mine, function(x, y) return x[1] > y[1] end)
    for _, entry in ipairs(mine) do
      redis.call('HDEL', b .. ':t', entry[1])
      redis.call('LPUSH', b, entry[2])
    end
    if #mine > 0 then changed(b) end
  end
  -- the locks it held are released (handed to their next waiter), its permits go back, and it waits on none any more
  local mine = SID .. ' '
  for _, object in ipairs(redis.call('SMEMBERS', key .. ':l')) do
    local b = base(object)
    local t = redis.call('HGET', b .. ':m', 't')
    if t == 'lock' or t == 'reentrantLock' then
      for _, waiter in ipairs(redis.call('LRANGE', b .. ':w', 0, -1)) do
        if string.sub(waiter, 1, #mine) == mine then
          redis.call('LREM', b .. ':w', 0, waiter)
          redis.call('HDEL', b .. ':wh', waiter)
        end
      end
      local holder = redis.call('HGET', b, 'h')
      if holder and string.sub(holder, 1, #mine) == mine then
        redis.call('HDEL', b, 'h', 'c', 'g')
        grant_next(b)
      end
    elseif t == 'semaphore' or t == 'boundedSemaphore' then
      sem_session_ended(b, object, SID)
    elseif t == 'condition' then
      for _, waiter in ipairs(redis.call('LRANGE', b .. ':w', 0, -1)) do
        if string.sub(waiter, 1, #mine) == mine then redis.call('LREM', b .. ':w', 0, waiter) end
      end
      for _, waiter in ipairs(redis.call('HKEYS', b .. ':ws')) do
        if string.sub(waiter, 1, #mine) == mine then redis.call('HDEL', b .. ':ws', waiter) end
      end
    elseif t == 'barrier' then   -- a party that dies waiting, or running the barrier action, breaks it
      local waiting = false
      for _, party in ipairs(redis.call('HKEYS', b .. ':w')) do
        if string.sub(party, 1, #mine) == mine then waiting = true end
      end
      for _, party in ipairs(redis.call('HKEYS', b .. ':res')) do
        if string.sub(party, 1, #mine) == mine then redis.call('HDEL', b .. ':res', party) end
      end
      if waiting or redis.call('HGET', b, 'tr') == SID then
        bar_break(b)
        for _, party in ipairs(redis.call('HKEYS', b .. ':res')) do
          if string.sub(party, 1, #mine) == mine then redis.call('HDEL', b .. ':res', party) end
        end
      end
    elseif t == 'event' then
      for _, waiter in ipairs(redis.call('SMEMBERS', b .. ':w')) do
        if string.sub(waiter, 1, #mine) == mine then redis.call('SREM', b .. ':w', waiter) end
      end
    end
  end
  -- the instances it hosted die with it: a call on one fails, naming the process that hosted it
  local process = redis.call('HMGET', key .. ':i', 'pid', 'host')
  for _, id in ipairs(redis.call('SMEMBERS', key .. ':h')) do
    redis.call('SET', base(id) .. ':gone', (process[1] or '?') .. ' ' .. (process[2] or '?'), 'PX', 3600000)
    destroy_object(id)
  end
  local held = redis.call('HGETALL', key)
  redis.call('DEL', key, key .. ':i', key .. ':q', key .. ':l', key .. ':h', key .. ':u', key .. ':us', key .. ':p')
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

-- collects the anonymous objects that nothing live reaches (cycles of them included): marks what the names and the
-- live sessions' holds reach through stored references, and frees the rest. Runs at most once per a[1] ms, whoever
-- asks; returns how many it freed, or -1 if it was not due.
ops.collect = function(a)
  if redis.call('SET', P .. 'collected', 1, 'NX', 'PX', a[1]) == false then return -1 end
  local marked, work = {}, redis.call('HVALS', P .. 'names')
  for _, sid in ipairs(redis.call('ZRANGE', P .. 'sessions', 0, -1)) do
    for _, id in ipairs(redis.call('HKEYS', P .. 's:' .. sid)) do work[#work + 1] = id end
  end
  while #work > 0 do
    local id = table.remove(work)
    if not marked[id] then
      marked[id] = true
      for _, refs in ipairs(all_refs(base(id))) do
        for _, ref in ipairs(split(refs)) do
          if not marked[ref] then work[#work + 1] = ref end
        end
      end
    end
  end
  local freed = 0
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'objects')) do
    if not marked[id] then
      local b = base(id)
      local refs = all_refs(b)
      delete_object(id)
      freed = freed + 1
      for _, stored in ipairs(refs) do
        for _, ref in ipairs(split(stored)) do
          -- a live object's count included this reference; one that is not live is freed here too
          if marked[ref] then redis.call('HINCRBY', base(ref) .. ':m', 'rc', -1) end
        end
      end
    end
  end
  return freed
end

ops.ping = function(a) return 1 end

ops.release = function(a)   -- a: a batch id, then id count id count ...; a batch sent twice is applied once
  if redis.call('SET', P .. 'released:' .. a[1], 1, 'NX', 'PX', 600000) == false then return 0 end
  for i = 2, #a, 2 do release(a[i], tonumber(a[i + 1])) end
  return 1
end

-- ends the sessions whose lease ran out (whoever notices first), keeping the caller's
local function end_expired()
  local me = SID
  ops.reap({})
  SID = me
end

-- the error of a call on an instance hosted by a process whose session is gone, else nil; a session whose lease ran
-- out is ended here, which ends the instances it hosted
local function owner_gone(b, id)
  local owner = redis.call('HGET', b .. ':m', 'ho')
  local expiry = owner and redis.call('ZSCORE', P .. 'sessions', owner)
  if expiry and tonumber(expiry) >= now_ms() then return nil end
  end_expired()
  return gone(id)
end

-- the object of a name, or nil; the name of an instance whose host has gone is free (that session is ended first).
-- Returns nil and an error if the caller's own session ended meanwhile
local function named_id(name)
  local existing = redis.call('HGET', P .. 'names', name)
  if existing and redis.call('HEXISTS', base(existing) .. ':m', 'ho') == 1 and owner_gone(base(existing), existing) then
    if redis.call('ZSCORE', P .. 'sessions', SID) == false then return nil, redis.error_reply('NOSESSION') end
    existing = redis.call('HGET', P .. 'names', name)
  end
  return existing
end

ops.create = function(a)   -- a[1] type, a[2] name or '', a[3] a mark for the data if it has none yet; then an operation and its arguments, run on the new object
  local kind, name = a[1], a[2]
  if name ~= '' then
    local existing, err = named_id(name)
    if err then return err end
    if existing then
      local t = redis.call('HGET', base(existing) .. ':m', 't')
      if t ~= kind then
        return redis.error_reply('NAMETAKEN ' .. tostring(t))
      end
      if a[4] == 'arrInit' and not a[6] and redis.call('STRLEN', base(existing)) / 8 ~= tonumber(a[5]) then
        return redis.error_reply('LENGTH ' .. (redis.call('STRLEN', base(existing)) / 8))
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

-- the session holds the object once more (a proxy made from a reference) if it is of the type expected (a[1]);
-- returns its type
ops.attach = function(a, b)
  local t = redis.call('HGET', b .. ':m', 't')
  if t == a[1] then hold({ID}) end
  return t
end

ops.destroy = function(a, b)
  destroy_object(ID)
  return 1
end

ops.info = function(a)   -- every object: id, type, name, size, refs, created; then the live sessions
  local objects = {}
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'objects')) do
    local m = redis.call('HMGET', base(id) .. ':m', 't', 'n', 'rc', 'c', 'ho', 'cl', 'ts')
    local t = m[1]
    local size = -1
    if t == 'map' or t == 'namespace' or t == 'set' then size = redis.call('HLEN', base(id)) end
    if t == 'list' or t == 'queue' then size = redis.call('LLEN', base(id)) end
    if t == 'longArray' or t == 'doubleArray' then size = redis.call('STRLEN', base(id)) / 8 end
    local state = {}
    if t == 'lock' or t == 'reentrantLock' then   -- its holder ('pid P thread T', or ''), holds, waiters
      local l = redis.call('HMGET', base(id), 'h', 'c')
      local owner = ''
      if l[1] then
        local space = string.find(l[1], ' ', 1, true)
        local pid = redis.call('HGET', P .. 's:' .. string.sub(l[1], 1, space - 1) .. ':i', 'pid') or '?'
        owner = 'pid ' .. pid .. ' thread ' .. string.sub(l[1], space + 1)
      end
      state = {owner, tonumber(l[2] or 0), redis.call('LLEN', base(id) .. ':w')}
    elseif t == 'semaphore' or t == 'boundedSemaphore' then   -- permits, initial permits, waiters
      local p = redis.call('HMGET', base(id), 'p', 'i')
      state = {tonumber(p[1] or 0), tonumber(p[2] or 0), redis.call('LLEN', base(id) .. ':w')}
    elseif t == 'condition' then   -- its lock, waiters
      state = {redis.call('HGET', base(id) .. ':r', 'lock') or '', redis.call('LLEN', base(id) .. ':w')}
    elseif t == 'barrier' then   -- parties, waiting, broken, generation
      local s = redis.call('HMGET', base(id), 'n', 'br', 'gen')
      state = {tonumber(s[1] or 0), redis.call('HLEN', base(id) .. ':w'), s[2] == '1' and 1 or 0, tonumber(s[3] or 0)}
    elseif t == 'event' then   -- set, waiters
      state = {redis.call('HGET', base(id), 's') == '1' and 1 or 0, redis.call('SCARD', base(id) .. ':w')}
    elseif m[5] then   -- a hosted instance: its host's pid and host name, its class, '1' if thread-safe
      local host = redis.call('HMGET', P .. 's:' .. m[5] .. ':i', 'pid', 'host')
      state = {tonumber(host[1] or 0), host[2] or '', m[6], m[7]}
    end
    objects[#objects + 1] = {id, m[1] or '', m[2] or '', size, tonumber(m[3] or 0), tonumber(m[4] or 0), state}
  end
  local sessions = {}
  for _, sid in ipairs(redis.call('ZRANGE', P .. 'sessions', 0, -1)) do
    local i = redis.call('HMGET', P .. 's:' .. sid .. ':i', 'pid', 'host', 'at')
    local locks = {}   -- the locks it holds
    for _, lock in ipairs(redis.call('SMEMBERS', P .. 's:' .. sid .. ':l')) do
      local holder = redis.call('HGET', base(lock), 'h')
      if holder and string.sub(holder, 1, #sid + 1) == sid .. ' ' then locks[#locks + 1] = lock end
    end
    sessions[#sessions + 1] = {sid, tonumber(i[1] or 0), i[2] or '', tonumber(i[3] or 0), locks}
  end
  return {objects, sessions}
end

-------------------------------------------------------------------------------------------------- maps

-- sets an entry (its references checked by the caller); returns the value it had, and the references that value
-- stored, for the caller to drop once everything is written
local function map_set(b, key, value, refs)
  local old = redis.call('HGET', b, key)
  add_refs(refs)
  redis.call('HSET', b, key, value)
  if not old then
    redis.call('ZADD', b .. ':o', redis.call('HINCRBY', b .. ':m', 's', 1), key)
  end
  local old_refs = swap_refs(b, key, refs)
  changed(b)
  return old, old_refs
end

-- sets entries (key, value, refs from a[from]); drops what the values they replace referred to last
local function map_set_all(b, a, from, only_absent)
  local dropped, added = {}, 0
  for i = from, #a, 3 do
    if not only_absent or redis.call('HEXISTS', b, a[i]) == 0 then
      local _, old_refs = map_set(b, a[i], a[i + 1], a[i + 2])
      if old_refs then dropped[#dropped + 1] = old_refs end
      added = added + 1
    end
  end
  for _, refs in ipairs(dropped) do drop_refs(refs) end
  return added
end

local function check_entries(a, from)
  for i = from, #a, 3 do
    local err = check_refs(a[i + 2])
    if err then return err end
  end
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
ops.countKeys = function(a, b)   -- how many of the keys given are there (each one given counts)
  local found = 0
  for i = 1, #a do found = found + redis.call('HEXISTS', b, a[i]) end
  return found
end
ops.containsKey = function(a, b) return redis.call('HEXISTS', b, a[1]) end
ops.get = function(a, b) return held_value(b, a[1], redis.call('HGET', b, a[1])) end
ops.version = function(a, b) return tonumber(redis.call('HGET', b .. ':m', 'v')) end

ops.put = function(a, b)   -- key, value, refs of both
  local err = check_refs(a[3])
  if err then return err end
  local old = held_value(b, a[1], redis.call('HGET', b, a[1]))
  map_set_all(b, a, 1)
  return old
end

ops.putIfAbsent = function(a, b)
  local old = redis.call('HGET', b, a[1])
  if old then return held_value(b, a[1], old) end
  local err = check_refs(a[3])
  if err then return err end
  map_set_all(b, a, 1)
  return false
end

ops.replace = function(a, b)
  local old = redis.call('HGET', b, a[1])
  if not old then return false end
  local err = check_refs(a[3])
  if err then return err end
  held_value(b, a[1], old)
  map_set_all(b, a, 1)
  return old
end

ops.putAll = function(a, b)   -- key value refs, ...: all or nothing
  local err = check_entries(a, 1)
  if err then return err end
  map_set_all(b, a, 1)
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
  map_set_all(b, {a[1], a[3], a[4]}, 1)
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

-- adds the keys not there yet (key, value, refs, ...); returns how many it added
ops.putAbsentAll = function(a, b)
  local err = check_entries(a, 1)
  if err then return err end
  return map_set_all(b, a, 1, true)
end

-- replaces every entry (version, then key, value, refs, ...) if the version is still the one the caller decided on
ops.replaceAllAt = function(a, b)
  if redis.call('HGET', b .. ':m', 'v') ~= a[1] then return 0 end
  local err = check_entries(a, 2)
  if err then return err end
  local old = redis.call('HVALS', b .. ':r')
  redis.call('DEL', b, b .. ':o', b .. ':r')
  map_set_all(b, a, 2)
  for _, refs in ipairs(old) do drop_refs(refs) end
  changed(b)
  return 1
end

ops.clear = function(a, b)
  local old = redis.call('HVALS', b .. ':r')
  redis.call('DEL', b, b .. ':o', b .. ':r')
  for _, refs in ipairs(old) do drop_refs(refs) end
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

-------------------------------------------------------------------------------------------------- lists
-- A list is a Redis list of items: the ids an element refers to (space-separated, often none), a newline, then the
-- element's bytes. An item is never empty, so '' marks items about to be removed by index.

local function item_refs(item)
  local nl = string.find(item, '\n', 1, true)
  return nl and string.sub(item, 1, nl - 1) or ''
end

local function hold_items(items)
  for _, item in ipairs(items) do
    local refs = item_refs(item)
    if refs ~= '' then hold(refs) end
  end
end

local function drop_items(items)
  for _, item in ipairs(items) do
    local refs = item_refs(item)
    if refs ~= '' then drop_refs(refs) end
  end
end

-- checks, then counts, the references of the items a[from..]; returns the error of a gone one, else nil
local function store_items(a, from)
  for i = from, #a do
    local err = check_refs(item_refs(a[i]))
    if err then return err end
  end
  for i = from, #a do add_refs(item_refs(a[i])) end
end

local function push(b, items, from)
  for i = from, #items, 1000 do   -- unpack() takes some thousands of values at most
    redis.call('RPUSH', b, unpack(items, i, math.min(#items, i + 999)))
  end
end

local function out_of_bounds(i, n)
  return redis.error_reply('INDEX ' .. i .. ' ' .. n)
end

local function version_of(b) return tonumber(redis.call('HGET', b .. ':m', 'v')) end

local function remove_index(b, i)
  redis.call('LSET', b, i, '')
  redis.call('LREM', b, 1, '')
end

ops.listSize = function(a, b) return redis.call('LLEN', b) end

ops.listGet = function(a, b)   -- index
  local i, n = tonumber(a[1]), redis.call('LLEN', b)
  if i < 0 or i >= n then return out_of_bounds(i, n) end
  local item = redis.call('LINDEX', b, i)
  hold_items({item})
  return item
end

ops.listSet = function(a, b)   -- index, item; returns the item replaced
  local i, n = tonumber(a[1]), redis.call('LLEN', b)
  if i < 0 or i >= n then return out_of_bounds(i, n) end
  local err = store_items(a, 2)
  if err then return err end
  local old = redis.call('LINDEX', b, i)
  hold_items({old})
  redis.call('LSET', b, i, a[2])
  drop_items({old})
  changed(b)
  return old
end

ops.listAdd = function(a, b)   -- items
  local err = store_items(a, 1)
  if err then return err end
  push(b, a, 1)
  changed(b)
  return 1
end

ops.listInsert = function(a, b)   -- index, items
  local i, n = tonumber(a[1]), redis.call('LLEN', b)
  if i < 0 or i > n then return out_of_bounds(i, n) end
  local err = store_items(a, 2)
  if err then return err end
  local tail = {}
  if i < n then
    tail = redis.call('LRANGE', b, i, -1)
    if i == 0 then redis.call('DEL', b) else redis.call('LTRIM', b, 0, i - 1) end
  end
  push(b, a, 2)
  push(b, tail, 1)
  changed(b)
  return 1
end

ops.listRemoveAt = function(a, b)   -- index; returns the item removed
  local i, n = tonumber(a[1]), redis.call('LLEN', b)
  if i < 0 or i >= n then return out_of_bounds(i, n) end
  local old = redis.call('LINDEX', b, i)
  hold_items({old})
  remove_index(b, i)
  drop_items({old})
  changed(b)
  return old
end

ops.listRemoveRange = function(a, b)   -- from, to (exclusive)
  local from, to, n = tonumber(a[1]), tonumber(a[2]), redis.call('LLEN', b)
  if from < 0 or to > n or from > to then return redis.error_reply('RANGE ' .. from .. ' ' .. to .. ' ' .. n) end
  if from == to then return 1 end
  local removed = redis.call('LRANGE', b, from, to - 1)
  for i = from, to - 1 do redis.call('LSET', b, i, '') end
  redis.call('LREM', b, 0, '')
  drop_items(removed)
  changed(b)
  return 1
end

ops.listClear = function(a, b)
  local items = redis.call('LRANGE', b, 0, -1)
  redis.call('DEL', b)
  drop_items(items)
  changed(b)
  return 1
end

ops.listSnapshot = function(a, b)   -- the version, then every item
  local items = redis.call('LRANGE', b, 0, -1)
  hold_items(items)
  return {version_of(b), items}
end

ops.listRange = function(a, b)   -- from, to (exclusive)
  local from, to, n = tonumber(a[1]), tonumber(a[2]), redis.call('LLEN', b)
  if from < 0 or to > n or from > to then return redis.error_reply('RANGE ' .. from .. ' ' .. to .. ' ' .. n) end
  if from == to then return {} end
  local items = redis.call('LRANGE', b, from, to - 1)
  hold_items(items)
  return items
end

-- the changes a caller computed from a snapshot: applied only if the list's version is still the snapshot's
ops.listReplaceAt = function(a, b)   -- version, items
  if version_of(b) ~= tonumber(a[1]) then return 0 end
  local err = store_items(a, 2)
  if err then return err end
  local old = redis.call('LRANGE', b, 0, -1)
  redis.call('DEL', b)
  push(b, a, 2)
  drop_items(old)
  changed(b)
  return 1
end

ops.listSetAt = function(a, b)   -- version, index, item
  if version_of(b) ~= tonumber(a[1]) then return 0 end
  local err = store_items(a, 3)
  if err then return err end
  local i = tonumber(a[2])
  local old = redis.call('LINDEX', b, i)
  redis.call('LSET', b, i, a[3])
  drop_items({old})
  changed(b)
  return 1
end

ops.listRemoveAtVersion = function(a, b)   -- version, index
  if version_of(b) ~= tonumber(a[1]) then return 0 end
  local i = tonumber(a[2])
  local old = redis.call('LINDEX', b, i)
  remove_index(b, i)
  drop_items({old})
  changed(b)
  return 1
end

-------------------------------------------------------------------------------------------------- queues
-- A queue is a list of items (as a list's) with metadata cap (its capacity, 0 for none) and u (unfinished tasks).
-- A taken item stays in flight (P{id}:t: session and token -> item) until its taker acknowledges it (qAck); if the
-- taker's session ends first, it goes back to the head. Ps:<session>:q names the queues holding a session's items
-- in flight. Every change is published on P{id}:n, where blocked callers wait to try again.

local function queue_room(b)
  local cap = tonumber(redis.call('HGET', b .. ':m', 'cap') or '0')
  return cap == 0 and 2147483647 or cap - redis.call('LLEN', b)
end

ops.qInit = function(a, b)   -- capacity
  redis.call('HSET', b .. ':m', 'cap', a[1], 'u', 0)
  return 1
end

-- a[1]: the call's token (a call sent again after a reconnection is applied once); then the items, added while there
-- is room; returns how many
ops.qOffer = function(a, b)
  local done = P .. 'offered:' .. SID .. ':' .. a[1]
  local before = redis.call('GET', done)
  if before then return tonumber(before) end
  local added = 0
  for i = 2, #a do
    if queue_room(b) <= 0 then break end
    local err = store_items({a[i]}, 1)
    if err then return err end
    redis.call('RPUSH', b, a[i])
    added = added + 1
  end
  if added > 0 then
    redis.call('HINCRBY', b .. ':m', 'u', added)
    changed(b)
  end
  redis.call('SET', done, added, 'PX', 600000)
  return added
end

-- the items in flight under a session's token, in the order taken
local function in_flight(key, prefix)
  local items = {}
  for i = 1, 100000000 do
    local item = redis.call('HGET', key, prefix .. string.format('%08d', i))
    if not item then break end
    items[#items + 1] = item
  end
  return items
end

-- takes up to a[2] items from the head, in flight under the token a[1]; returns them. A take sent again after a
-- reconnection returns what the first one took.
ops.qTake = function(a, b)
  local key = b .. ':t'
  local taken = in_flight(key, SID .. ' ' .. a[1] .. ' ')
  if #taken > 0 then
    hold_items(taken)
    return taken
  end
  local items = redis.call('LPOP', b, tonumber(a[2]))
  if not items then return {} end
  for i, item in ipairs(items) do
    redis.call('HSET', key, SID .. ' ' .. a[1] .. ' ' .. string.format('%08d', i), item)
  end
  redis.call('SADD', P .. 's:' .. SID .. ':q', ID)
  hold_items(items)
  changed(b)
  return items
end

-- the taker has the items taken under these tokens: they leave the queue for good
ops.qAck = function(a, b)
  local key = b .. ':t'
  for _, token in ipairs(a) do
    local prefix = SID .. ' ' .. token .. ' '
    for i, item in ipairs(in_flight(key, prefix)) do
      redis.call('HDEL', key, prefix .. string.format('%08d', i))
      drop_items({item})
    end
  end
  return 1
end

-- the taker cannot receive the items taken under the token a[1] (a class it does not allow): back to the head
ops.qReturn = function(a, b)
  local key = b .. ':t'
  local prefix = SID .. ' ' .. a[1] .. ' '
  local items = in_flight(key, prefix)
  for i = #items, 1, -1 do
    redis.call('HDEL', key, prefix .. string.format('%08d', i))
    redis.call('LPUSH', b, items[i])
  end
  if #items > 0 then changed(b) end
  return #items
end

ops.qPeek = function(a, b)
  local item = redis.call('LINDEX', b, 0)
  if item then hold_items({item}) end
  return item
end

ops.qSize = function(a, b) return redis.call('LLEN', b) end
ops.qRoom = function(a, b) return queue_room(b) end

ops.qTaskDone = function(a, b)
  local left = tonumber(redis.call('HGET', b .. ':m', 'u') or '0')
  if left <= 0 then return redis.error_reply('TASKDONE') end
  redis.call('HINCRBY', b .. ':m', 'u', -1)
  if left == 1 then changed(b) end
  return 1
end

ops.qUnfinished = function(a, b) return tonumber(redis.call('HGET', b .. ':m', 'u') or '0') end

-------------------------------------------------------------------------------------------------- locks

-- A lock is a hash: h its holder (the session, a space, the thread), c its hold count (a reentrant lock's
-- re-entries), f its fencing number (one more at each acquisition), g set while the lock was handed to a waiter that
-- has not seen it yet. P{id}:w lists the waiters in order of arrival; a release hands the lock to the first at once
-- (so a free lock never has waiters, and no one barges in) and publishes the change. Ps:<session>:l names the locks a
-- session held or waited on, for its end to release them.

-- hands a free lock to its first waiter, if any, and tells the waiters
grant_next = function(b)
  local head = redis.call('LPOP', b .. ':w')
  if head then
    local holds = redis.call('HGET', b .. ':wh', head) or 1   -- a condition's waiter gets back the holds it gave up
    redis.call('HDEL', b .. ':wh', head)
    redis.call('HSET', b, 'h', head, 'c', holds, 'g', 1)
    redis.call('HINCRBY', b, 'f', 1)
  end
  changed(b)
end

-- a[1] the caller's thread; a[2] '1' to join the waiters when the lock is not the caller's. Returns the fencing
-- number of the acquisition, or 0 if the caller does not have the lock (and waits for it, if it asked to)
ops.lockTry = function(a, b)
  local me = SID .. ' ' .. a[1]
  local holder = redis.call('HGET', b, 'h')
  if holder == me then
    if redis.call('HDEL', b, 'g') == 1 then return tonumber(redis.call('HGET', b, 'f')) end   -- handed over meanwhile
    if redis.call('HGET', b .. ':m', 't') == 'reentrantLock' then
      redis.call('HINCRBY', b, 'c', 1)
      return tonumber(redis.call('HGET', b, 'f'))
    end
  elseif not holder then   -- free, so no one waits
    redis.call('HSET', b, 'h', me, 'c', 1)
    redis.call('SADD', P .. 's:' .. SID .. ':l', ID)
    return redis.call('HINCRBY', b, 'f', 1)
  end
  if a[2] == '1' and not redis.call('LPOS', b .. ':w', me) then
    redis.call('RPUSH', b .. ':w', me)
    redis.call('SADD', P .. 's:' .. SID .. ':l', ID)
  end
  return 0
end

-- the caller's thread a[1] stops waiting (a timeout, an interrupt): returns the fencing number if the lock was handed
-- to it meanwhile (it then has the lock), else 0
ops.lockCancel = function(a, b)
  local me = SID .. ' ' .. a[1]
  if redis.call('HGET', b, 'h') == me and redis.call('HDEL', b, 'g') == 1 then
    return tonumber(redis.call('HGET', b, 'f'))
  end
  redis.call('LREM', b .. ':w', 0, me)
  redis.call('HDEL', b .. ':wh', me)
  return 0
end

-- a[1] the caller's thread: a reentrant lock must be its own; a plain one anyone may release
ops.unlock = function(a, b)
  local holder = redis.call('HGET', b, 'h')
  if not holder then return redis.error_reply('MONITOR The lock is not locked') end
  if redis.call('HGET', b .. ':m', 't') == 'reentrantLock' then
    if holder ~= SID .. ' ' .. a[1] or redis.call('HEXISTS', b, 'g') == 1 then
      return redis.error_reply('MONITOR The calling thread does not hold this reentrant lock')
    end
    if redis.call('HINCRBY', b, 'c', -1) > 0 then return 1 end
  end
  redis.call('HDEL', b, 'h', 'c', 'g')
  grant_next(b)
  return 1
end

-- a[1] the caller's thread: whether it is locked, whether by the caller (not counting a hand-over it has not seen),
-- the caller's hold count, and the fencing number of the last acquisition
ops.lockState = function(a, b)
  local s = redis.call('HMGET', b, 'h', 'c', 'f', 'g')
  local mine = s[1] == SID .. ' ' .. a[1] and not s[4]
  return {s[1] and 1 or 0, mine and 1 or 0, mine and tonumber(s[2]) or 0, tonumber(s[3] or 0)}
end

-------------------------------------------------------------------------------------------------- semaphores

-- A semaphore is a hash: p its permits, i its initial permits. P{id}:w lists its waiters in order of arrival
-- (session, thread, permits wanted); a release hands permits to the waiters in that order, as long as there are
-- enough for the first, and records each hand-over in P{id}:g (session and thread -> permits) until the waiter sees
-- it. P{id}:hs counts the permits each session acquired and no release has paid back yet; P{id}:ho orders those
-- sessions, oldest first: a release pays back the releasing session's own permits first, then the oldest others'
-- (a permit handed from one process to another), and a session's end returns what it still holds.

local function sem_take(b, id, sid, n)
  redis.call('HINCRBY', b, 'p', -n)
  redis.call('HINCRBY', b .. ':hs', sid, n)
  redis.call('ZADD', b .. ':ho', 'NX', redis.call('HINCRBY', b .. ':m', 's', 1), sid)
  redis.call('SADD', P .. 's:' .. sid .. ':l', id)
end

-- pays back up to n of a session's permits; returns what is left to pay
local function sem_pay(b, sid, n)
  local own = tonumber(redis.call('HGET', b .. ':hs', sid) or 0)
  local paid = math.min(own, n)
  if paid == own then
    redis.call('HDEL', b .. ':hs', sid)
    redis.call('ZREM', b .. ':ho', sid)
  elseif paid > 0 then
    redis.call('HINCRBY', b .. ':hs', sid, -paid)
  end
  return n - paid
end

-- hands permits to the waiters in order while the first one's want is met, and tells the waiters
grant_permits = function(b, id)
  while true do
    local head = redis.call('LINDEX', b .. ':w', 0)
    if not head then break end
    local space = string.find(head, ' [^ ]*$')
    local want = tonumber(string.sub(head, space + 1))
    if tonumber(redis.call('HGET', b, 'p')) < want then break end
    redis.call('LPOP', b .. ':w')
    local who = string.sub(head, 1, space - 1)
    sem_take(b, id, string.sub(who, 1, string.find(who, ' ', 1, true) - 1), want)
    redis.call('HSET', b .. ':g', who, want)
  end
  changed(b)
end

ops.semInit = function(a, b)
  redis.call('HSET', b, 'p', a[1], 'i', a[1])
  return 1
end

-- a[1] the caller's thread, a[2] the permits, a[3] '1' to wait in line (an acquire: not ahead of the waiters),
-- '0' for a try that takes what is free now; returns 1 if the caller has them
ops.semTry = function(a, b)
  local me = SID .. ' ' .. a[1]
  if redis.call('HDEL', b .. ':g', me) == 1 then return 1 end   -- handed over meanwhile
  local n = tonumber(a[2])
  local queued = redis.call('LPOS', b .. ':w', me .. ' ' .. n)
  if tonumber(redis.call('HGET', b, 'p')) >= n and (a[3] == '0' or redis.call('LLEN', b .. ':w') == 0) then
    sem_take(b, ID, SID, n)
    return 1
  end
  if a[3] == '1' and not queued then
    redis.call('RPUSH', b .. ':w', me .. ' ' .. n)
    redis.call('SADD', P .. 's:' .. SID .. ':l', ID)
  end
  return 0
end

-- the caller's thread a[1], waiting for a[2] permits, stops waiting: returns 1 if they were handed to it meanwhile
ops.semCancel = function(a, b)
  local me = SID .. ' ' .. a[1]
  if redis.call('HDEL', b .. ':g', me) == 1 then return 1 end
  if redis.call('LREM', b .. ':w', 0, me .. ' ' .. a[2]) > 0 then grant_permits(b, ID) end   -- those behind may go now
  return 0
end

ops.semRelease = function(a, b)   -- a[1] the permits
  local n = tonumber(a[1])
  local p, i = tonumber(redis.call('HGET', b, 'p')), tonumber(redis.call('HGET', b, 'i'))
  if redis.call('HGET', b .. ':m', 't') == 'boundedSemaphore' and p + n > i then
    return redis.error_reply('BOUNDED ' .. (p + n) .. ' ' .. i)
  end
  redis.call('HINCRBY', b, 'p', n)
  local left = sem_pay(b, SID, n)
  while left > 0 do
    local oldest = redis.call('ZRANGE', b .. ':ho', 0, 0)[1]
    if not oldest then break end
    left = sem_pay(b, oldest, left)
  end
  grant_permits(b, ID)
  return 1
end

ops.semAvailable = function(a, b) return tonumber(redis.call('HGET', b, 'p')) end

ops.semDrain = function(a, b)
  local p = tonumber(redis.call('HGET', b, 'p'))
  if p > 0 then sem_take(b, ID, SID, p) end
  return math.max(p, 0)
end

-- a session's end: its permits go back (a bounded semaphore never above its initial count), it waits no more
sem_session_ended = function(b, id, sid)
  local mine = sid .. ' '
  for _, waiter in ipairs(redis.call('LRANGE', b .. ':w', 0, -1)) do
    if string.sub(waiter, 1, #mine) == mine then redis.call('LREM', b .. ':w', 0, waiter) end
  end
  for _, who in ipairs(redis.call('HKEYS', b .. ':g')) do
    if string.sub(who, 1, #mine) == mine then redis.call('HDEL', b .. ':g', who) end   -- counted in what it holds
  end
  local held = tonumber(redis.call('HGET', b .. ':hs', sid) or 0)
  redis.call('HDEL', b .. ':hs', sid)
  redis.call('ZREM', b .. ':ho', sid)
  if held > 0 then
    local p, i = tonumber(redis.call('HGET', b, 'p')), tonumber(redis.call('HGET', b, 'i'))
    if redis.call('HGET', b .. ':m', 't') == 'boundedSemaphore' then held = math.min(held, math.max(0, i - p)) end
    redis.call('HINCRBY', b, 'p', held)
  end
  grant_permits(b, id)
end

-------------------------------------------------------------------------------------------------- events

-- An event is a hash: s '1' while set, g its generation (one more at each set that found it clear). A waiter that
-- saw generation g returns once the event is set or its generation moved on (set and cleared again meanwhile still
-- wakes it, as Python's does). P{id}:w is the set of its waiters, for info().

ops.evSet = function(a, b)
  if redis.call('HGET', b, 's') ~= '1' then
    redis.call('HSET', b, 's', '1')
    redis.call('HINCRBY', b, 'g', 1)
    changed(b)
  end
  return 1
end

ops.evClear = function(a, b)
  redis.call('HSET', b, 's', '0')
  return 1
end

ops.evIsSet = function(a, b) return redis.call('HGET', b, 's') == '1' and 1 or 0 end

-- a[1] the caller's thread, a[2] the generation it saw first ('' on its first try); returns {1 if it may go on, the
-- generation}; a waiter that may not is counted among the waiters
ops.evWait = function(a, b)
  local me = SID .. ' ' .. a[1]
  local g = redis.call('HGET', b, 'g') or '0'
  if redis.call('HGET', b, 's') == '1' or (a[2] ~= '' and a[2] ~= g) then
    redis.call('SREM', b .. ':w', me)
    return {1, g}
  end
  redis.call('SADD', b .. ':w', me)
  redis.call('SADD', P .. 's:' .. SID .. ':l', ID)
  return {0, g}
end

ops.evCancel = function(a, b)
  redis.call('SREM', b .. ':w', SID .. ' ' .. a[1])
  return 1
end

-------------------------------------------------------------------------------------------------- conditions

-- A condition of a lock: the lock's id in P{id}:r (field 'lock': a stored reference, so the condition keeps its
-- lock), P{id}:w its waiters in order of arrival, P{id}:ws the holds of the lock each waiter gave up (then ' s' once
-- signalled). A signal moves the first waiter to the lock's waiters, with its holds in P{lock}:wh: it gets the lock
-- back, with those holds, in its turn. A waiter whose time is up, or who is interrupted, moves there itself.

ops.condInit = function(a, b)   -- a[1] the lock's id
  local err = check_refs(a[1])
  if err then return err end
  add_refs(a[1])
  redis.call('HSET', b .. ':r', 'lock', a[1])
  return 1
end

-- the base of the condition's lock if the caller (me) may await or signal, else nil and the error: a reentrant lock
-- must be the caller's, a plain one held by anyone (as on a manager server)
local function cond_lock(b, me, what)
  local lock = redis.call('HGET', b .. ':r', 'lock')
  local lb = base(lock)
  if redis.call('EXISTS', lb .. ':m') == 0 then return nil, gone(lock) end
  local holder = redis.call('HGET', lb, 'h')
  local reentrant = redis.call('HGET', lb .. ':m', 't') == 'reentrantLock'
  if not holder or (reentrant and (holder ~= me or redis.call('HEXISTS', lb, 'g') == 1)) then
    return nil, redis.error_reply('MONITOR ' .. what .. ' needs the condition\'s lock held by the caller')
  end
  return lb, lock
end

-- the calling thread a[1] gives up its holds of the lock and waits for a signal; returns the lock's id
ops.condAwait = function(a, b)
  local me = SID .. ' ' .. a[1]
  local lb, lock = cond_lock(b, me, 'await()')
  if not lb then return lock end
  local holds = redis.call('HGET', lb, 'c') or '1'
  redis.call('HDEL', lb, 'h', 'c', 'g')
  redis.call('RPUSH', b .. ':w', me)
  redis.call('HSET', b .. ':ws', me, holds)
  redis.call('SADD', P .. 's:' .. SID .. ':l', ID, lock)
  grant_next(lb)
  return lock
end

-- whether the waiting thread a[1] has the lock back: 1 signalled, 2 not (its time was up, or it was interrupted), 0
-- not yet, -1 if it is not a waiter (its session ended meanwhile, which cancelled the wait)
local function cond_back(b, me)
  local lb = base(redis.call('HGET', b .. ':r', 'lock'))
  local saved = redis.call('HGET', b .. ':ws', me)
  if not saved then return -1 end
  if redis.call('HGET', lb, 'h') == me and redis.call('HDEL', lb, 'g') == 1 then
    redis.call('HDEL', b .. ':ws', me)
    return string.sub(saved, -2) == ' s' and 1 or 2
  end
  if not redis.call('LPOS', b .. ':w', me) and not redis.call('LPOS', lb .. ':w', me) and redis.call('HGET', lb, 'h') ~= me then
    -- handed the lock, which another released before it saw it (anyone may release a plain lock): back in line
    local holds = saved
    if string.sub(saved, -2) == ' s' then holds = string.sub(saved, 1, -3) end
    redis.call('RPUSH', lb .. ':w', me)
    redis.call('HSET', lb .. ':wh', me, holds)
    if not redis.call('HGET', lb, 'h') then grant_next(lb) end
  end
  return 0
end

ops.condTry = function(a, b) return cond_back(b, SID .. ' ' .. a[1]) end

-- the waiting thread a[1] stops waiting for a signal (its time is up, or it is interrupted) and waits for the lock;
-- a signal that came first counts. Returns as condTry does
ops.condLeave = function(a, b)
  local me = SID .. ' ' .. a[1]
  local back = cond_back(b, me)
  if back ~= 0 then return back end
  if redis.call('LREM', b .. ':w', 0, me) > 0 then
    local lb = base(redis.call('HGET', b .. ':r', 'lock'))
    redis.call('RPUSH', lb .. ':w', me)
    redis.call('HSET', lb .. ':wh', me, redis.call('HGET', b .. ':ws', me) or '1')
    if not redis.call('HGET', lb, 'h') then grant_next(lb) end
  end
  return 0
end

-- a[1] the caller's thread, a[2] '1' for every waiter: moves the first waiter (or all) to the lock's waiters
ops.condSignal = function(a, b)
  local lb, err = cond_lock(b, SID .. ' ' .. a[1], a[2] == '1' and 'signalAll()' or 'signal()')
  if not lb then return err end
  repeat
    local next = redis.call('LPOP', b .. ':w')
    if not next then break end
    local holds = redis.call('HGET', b .. ':ws', next) or '1'
    redis.call('HSET', b .. ':ws', next, holds .. ' s')
    redis.call('RPUSH', lb .. ':w', next)
    redis.call('HSET', lb .. ':wh', next, holds)
  until a[2] ~= '1'
  return 1
end

ops.condLock = function(a, b)   -- the lock's id, type and name
  local lock = redis.call('HGET', b .. ':r', 'lock')
  local m = redis.call('HMGET', base(lock) .. ':m', 't', 'n')
  if not m[1] then return gone(lock) end
  return {lock, m[1], m[2] or ''}
end

-------------------------------------------------------------------------------------------------- barriers

-- A barrier is a hash: n its parties, gen its generation, br '1' while broken, tr the session running the barrier
-- action of the last party to arrive ('' when none). P{id}:w maps each waiting party (session and thread) to its
-- arrival index; when the barrier trips or breaks, P{id}:res tells each of them ('t <index>' or 'b') until it has
-- read it. CyclicBarrier's rules: a party that times out, is interrupted or dies breaks it for the others.

local function bar_trip(b)
  redis.call('HINCRBY', b, 'gen', 1)
  local waiting = redis.call('HGETALL', b .. ':w')
  for i = 1, #waiting, 2 do redis.call('HSET', b .. ':res', waiting[i], 't ' .. waiting[i + 1]) end
  redis.call('DEL', b .. ':w')
  changed(b)
end

bar_break = function(b)
  redis.call('HSET', b, 'br', '1', 'tr', '')
  for _, party in ipairs(redis.call('HKEYS', b .. ':w')) do redis.call('HSET', b .. ':res', party, 'b') end
  redis.call('DEL', b .. ':w')
  changed(b)
end

ops.barInit = function(a, b)
  redis.call('HSET', b, 'n', a[1], 'gen', 0, 'br', '0', 'tr', '')
  return 1
end

-- a[1] the caller's thread, a[2] '1' if its proxy has a barrier action. Returns {'now', index} (it tripped the
-- barrier), {'act', -1} (run the action, then barTripped), {'wait', index} (wait for barTry's answer)
ops.barAwait = function(a, b)
  local s = redis.call('HMGET', b, 'n', 'br', 'tr')
  if s[2] == '1' then return redis.error_reply('BROKEN The barrier is broken') end
  if s[3] ~= '' then return redis.error_reply('BROKEN The barrier is tripping') end
  local index = tonumber(s[1]) - 1 - redis.call('HLEN', b .. ':w')
  if index == 0 then
    if a[2] == '1' then
      redis.call('HSET', b, 'tr', SID)
      redis.call('SADD', P .. 's:' .. SID .. ':l', ID)
      return {'act', -1}
    end
    bar_trip(b)
    return {'now', 0}
  end
  redis.call('HSET', b .. ':w', SID .. ' ' .. a[1], index)
  redis.call('SADD', P .. 's:' .. SID .. ':l', ID)
  return {'wait', index}
end

-- what became of the waiting thread a[1]: 't <index>' (tripped), 'b' (broken, or its wait is gone), or '' (still
-- waiting)
ops.barTry = function(a, b)
  local me = SID .. ' ' .. a[1]
  local r = redis.call('HGET', b .. ':res', me)
  if not r then
    -- not waiting any more, with nothing to tell: its session ended meanwhile, which broke the barrier
    if redis.call('HEXISTS', b .. ':w', me) == 0 then return 'b' end
    return ''
  end
  redis.call('HDEL', b .. ':res', me)
  return r
end

-- the waiting thread a[1] stops waiting (its time is up, or it is interrupted): the barrier breaks, unless it had
-- tripped or broken already (that answer counts). Returns as barTry does, or 'left'
ops.barLeave = function(a, b)
  local r = ops.barTry(a, b)
  if r ~= '' then return r end
  redis.call('HDEL', b .. ':w', SID .. ' ' .. a[1])
  bar_break(b)
  redis.call('HDEL', b .. ':res', SID .. ' ' .. a[1])
  return 'left'
end

ops.barTripped = function(a, b)   -- a[1] '1' if the barrier action ran, '0' if it threw
  if redis.call('HGET', b, 'tr') == '' then
    return redis.error_reply('BROKEN The barrier was broken while the barrier action ran')
  end
  redis.call('HSET', b, 'tr', '')
  if a[1] == '1' then bar_trip(b) else bar_break(b) end
  return 1
end

ops.barReset = function(a, b)
  bar_break(b)
  redis.call('HSET', b, 'br', '0')
  redis.call('HINCRBY', b, 'gen', 1)
  return 1
end

ops.barAbort = function(a, b)
  bar_break(b)
  return 1
end

ops.barState = function(a, b)   -- parties, waiting, broken
  local s = redis.call('HMGET', b, 'n', 'br')
  return {tonumber(s[1]), redis.call('HLEN', b .. ':w'), s[2] == '1' and 1 or 0}
end

-------------------------------------------------------------------------------------------------- arrays
-- A long or double array is a string of 8 bytes per element, big-endian (a long's two's complement, a double's
-- IEEE 754 bits), read and written as bytes: Lua's numbers are doubles, so a long's arithmetic is done here on its
-- two 32-bit halves, exactly, wrapping around as Java's does.

local function element(b, i)   -- the checked index, or the error
  local n = redis.call('STRLEN', b) / 8
  i = tonumber(i)
  if i < 0 or i >= n then return nil, out_of_bounds(i, n) end
  return i
end

ops.arrInit = function(a, b)   -- the length, or the initial bytes
  if a[2] then redis.call('SET', b, a[2]) else redis.call('SET', b, string.rep('\0', 8 * tonumber(a[1]))) end
  return 1
end

ops.arrLength = function(a, b) return redis.call('STRLEN', b) / 8 end
ops.arrAll = function(a, b) return redis.call('GET', b) end

ops.arrGet = function(a, b)
  local i, err = element(b, a[1])
  if err then return err end
  return redis.call('GETRANGE', b, 8 * i, 8 * i + 7)
end

ops.arrGetAndSet = function(a, b)   -- index, 8 bytes; returns the old ones
  local i, err = element(b, a[1])
  if err then return err end
  local old = redis.call('GETRANGE', b, 8 * i, 8 * i + 7)
  redis.call('SETRANGE', b, 8 * i, a[2])
  return old
end

ops.arrSetIfSame = function(a, b)   -- index, the 8 bytes expected, the new ones
  local i, err = element(b, a[1])
  if err then return err end
  if redis.call('GETRANGE', b, 8 * i, 8 * i + 7) ~= a[2] then return 0 end
  redis.call('SETRANGE', b, 8 * i, a[3])
  return 1
end

local function add_long(x, y)
  local xh, xl = struct.unpack('>I4I4', x)
  local yh, yl = struct.unpack('>I4I4', y)
  local low, carry = xl + yl, 0
  if low >= 4294967296 then low, carry = low - 4294967296, 1 end
  return struct.pack('>I4I4', (xh + yh + carry) % 4294967296, low)
end

local function add_double(x, y)
  return struct.pack('>d', struct.unpack('>d', x) + struct.unpack('>d', y))
end

ops.arrAdd = function(a, b)   -- index, 8 bytes of the delta, 'd' for doubles; returns the old bytes, then the new
  local i, err = element(b, a[1])
  if err then return err end
  local old = redis.call('GETRANGE', b, 8 * i, 8 * i + 7)
  local new = a[3] == 'd' and add_double(old, a[2]) or add_long(old, a[2])
  redis.call('SETRANGE', b, 8 * i, new)
  return {old, new}
end

ops.arrSetAll = function(a, b)   -- first index, bytes
  local n, from, count = redis.call('STRLEN', b) / 8, tonumber(a[1]), #a[2] / 8
  if from < 0 or from + count > n then return redis.error_reply('RANGE ' .. from .. ' ' .. (from + count) .. ' ' .. n) end
  redis.call('SETRANGE', b, 8 * from, a[2])
  return 1
end

-------------------------------------------------------------------------------------------------- values

ops.valueGet = function(a, b) return held_value(b, '', redis.call('GET', b)) end

ops.valueSet = function(a, b)   -- value, refs; returns the old value
  local err = check_refs(a[2])
  if err then return err end
  local old = held_value(b, '', redis.call('GET', b))
  add_refs(a[2])
  redis.call('SET', b, a[1])
  local old_refs = swap_refs(b, '', a[2])
  if old_refs then drop_refs(old_refs) end
  changed(b)
  return old
end

ops.valueSetIfSame = function(a, b)   -- current bytes, new value, refs
  if redis.call('GET', b) ~= a[1] then return 0 end
  local err = check_refs(a[3])
  if err then return err end
  add_refs(a[3])
  redis.call('SET', b, a[2])
  local old_refs = swap_refs(b, '', a[3])
  if old_refs then drop_refs(old_refs) end
  changed(b)
  return 1
end

-------------------------------------------------------------------------------------------------- atomic longs

-- Lua's numbers are doubles: a long travels as its decimal text both ways, and INCRBY's own arithmetic is exact. A
-- sum past the range of a long makes INCRBY refuse ('ERR increment or decrement would overflow'): the caller then
-- wraps it around as Java does, with longCompareAndSet.
ops.longGet = function(a, b) return redis.call('GET', b) or '0' end
ops.longSet = function(a, b) redis.call('SET', b, a[1]); return 1 end
ops.longGetAndSet = function(a, b) return redis.call('GETSET', b, a[1]) or '0' end
ops.longAddAndGet = function(a, b)
  redis.call('INCRBY', b, a[1])
  return redis.call('GET', b)
end
ops.longGetAndAdd = function(a, b)
  local old = redis.call('GET', b) or '0'
  redis.call('INCRBY', b, a[1])
  return old
end
ops.longCompareAndSet = function(a, b)   -- expected, new: both as decimal text
  if (redis.call('GET', b) or '0') ~= a[1] then return 0 end
  redis.call('SET', b, a[2])
  return 1
end

-------------------------------------------------------------------------------------------------- hosted instances

-- An instance of a registered class lives in the process that created it (its host, 'ho' in the metadata); calls
-- reach it through Redis. Keys: Ps:<session>:u the requests to a host (each 'seq caller-session call-id\n' and the
-- call's bytes, or 'seq - id\n': drop that instance), its counter :us, its channel :un, the ids it hosts :h;
-- Pu:<session>:<call-id> a reply; Ps:<session>:p a caller's calls still without one; Ps:<session>:rn the channel of
-- a caller's replies; Ptypes: type id -> api class.

-- the instance of a name, held once more by the caller, and its type id; nil if there is none. It must be of the type
-- id a[2], or of the class a[3] (its api class or its own: a process that registered nothing knows only the class)
ops.lookup = function(a)
  local existing, err = named_id(a[1])
  if err then return err end
  if not existing then return nil end
  local m = redis.call('HMGET', base(existing) .. ':m', 't', 'cl')
  if not m[1] then return nil end
  if m[1] ~= a[2] and m[2] ~= a[3] and redis.call('HGET', P .. 'types', m[1]) ~= a[3] then
    return redis.error_reply('NAMETAKEN ' .. tostring(m[1]))
  end
  hold({existing})
  return {existing, m[1]}
end

ops.uInit = function(a, b)   -- the api class, the class, '1' if thread-safe: the caller's process hosts the instance
  redis.call('HSET', b .. ':m', 'ho', SID, 'cl', a[2], 'ts', a[3])
  redis.call('SADD', P .. 's:' .. SID .. ':h', ID)
  redis.call('HSET', P .. 'types', redis.call('HGET', b .. ':m', 't'), a[1])
  return 1
end

ops.typeOf = function(a) return redis.call('HGET', P .. 'types', a[1]) end

-- a call (the call's id, its bytes, the ids of the shared objects among its arguments, which its host now holds) is
-- queued for the instance's host
ops.uCall = function(a, b)
  local err = owner_gone(b, ID) or check_refs(a[3])
  if err then return err end
  local me, owner = SID, redis.call('HGET', b .. ':m', 'ho')
  SID = owner
  hold(a[3])
  SID = me
  local s = P .. 's:' .. owner
  redis.call('RPUSH', s .. ':u', redis.call('INCR', s .. ':us') .. ' ' .. me .. ' ' .. a[1] .. '\n' .. a[2])
  redis.call('PUBLISH', s .. ':un', 'c')
  redis.call('HSET', P .. 's:' .. me .. ':p', a[1], 1)   -- pending until its reply comes
  return 1
end

-- the next requests to the caller's instances, after the one numbered a[1] in the session a[2] (those up to it were
-- handled: a call sent again after a reconnection returns the same ones)
ops.uNext = function(a)
  local key = P .. 's:' .. SID .. ':u'
  local handled = a[2] == SID and tonumber(a[1]) or 0
  -- a Redis that came back from an older snapshot numbers requests anew: none is skipped
  if handled > tonumber(redis.call('GET', key .. 's') or '0') then handled = 0 end
  while true do
    local head = redis.call('LINDEX', key, 0)
    if not head or tonumber(string.match(head, '^%d+')) > handled then break end
    redis.call('LPOP', key)
  end
  return redis.call('LRANGE', key, 0, 15)
end

-- a host's reply to a call: the caller's session (if it is still live) holds the shared objects in it
ops.uReply = function(a)   -- the caller's session, the call's id, the reply's bytes, its ids
  if redis.call('ZSCORE', P .. 'sessions', a[1]) == false then return 0 end
  local key = P .. 'u:' .. a[1] .. ':' .. a[2]
  if redis.call('EXISTS', key, key .. ':t') > 0 then return 1 end   -- sent again: it was stored
  redis.call('HDEL', P .. 's:' .. a[1] .. ':p', a[2])
  local me = SID
  SID = a[1]
  hold(a[4])
  SID = me
  redis.call('SET', key, a[3], 'PX', 600000)
  redis.call('PUBLISH', P .. 's:' .. a[1] .. ':rn', 'c')
  return 1
end

-- the failure a host could not store as its reply (Redis refused it), run even above Redis's memory limit
ops.uFail = function(a) return ops.uReply(a) end

-- the reply to the caller's call a[2] made in the session a[1], or nil while its host lives; an error if the host has
-- gone, if the caller's session ended meanwhile (what the reply held was counted for that session, released since),
-- or if Redis no longer knows the call (it lost its data). A reply taken is kept a minute more, for the same call
-- sent again after a reconnection
ops.uTake = function(a)
  local key = P .. 'u:' .. a[1] .. ':' .. a[2]
  if a[1] ~= SID then
    redis.call('DEL', key)
    return redis.error_reply('LOSTCALL')
  end
  local reply = redis.call('GET', key)
  if reply then
    redis.call('RENAME', key, key .. ':t')
    redis.call('PEXPIRE', key .. ':t', 60000)
    return reply
  end
  reply = redis.call('GET', key .. ':t')
  if reply then return reply end
  local err = owner_gone(base(ID), ID)
  if err then
    redis.call('HDEL', P .. 's:' .. SID .. ':p', a[2])
    return err
  end
  if redis.call('HEXISTS', P .. 's:' .. SID .. ':p', a[2]) == 0 then return redis.error_reply('LOSTCALL') end
  return nil
end

-------------------------------------------------------------------------------------------------- entry point

-- operations on no object; those marked true need no live session of the caller's
local manager_ops = {session = true, close = true, reap = true, collect = true, release = true, info = true, create = false,
  ping = false, lookup = false, typeOf = false, uNext = false, uReply = false, uFail = false, uTake = false}

-- operations whose effect must not repeat when a client sends a call again after a reconnection: their first
-- argument is the call's token, and the reply is kept for a minute under it (RedisFunctions.ONCE names the same)
local once_ops = {lockTry = true, lockCancel = true, unlock = true, semTry = true, semCancel = true, semRelease = true,
  semDrain = true, condAwait = true, condTry = true, condLeave = true, condSignal = true, barAwait = true, barTry = true,
  barLeave = true, barTripped = true, barReset = true, barAbort = true, uCall = true, uReply = true, uFail = true}

local function call(keys, args)
  P, OP, SID, ID = keys[1], args[1], args[2], args[3]
  local rest = {}
  for i = 4, #args do rest[#rest + 1] = args[i] end
  local once
  if once_ops[OP] then
    once = P .. 's:' .. SID .. ':o:' .. table.remove(rest, 1)
    local kept = redis.call('GET', once)
    if kept then return cjson.decode(kept) end   -- the same call again: what it answered the first time
  end
  local op = ops[OP]
  if not op then return redis.error_reply('NOOP ' .. OP) end
  if manager_ops[OP] ~= true and redis.call('ZSCORE', P .. 'sessions', SID) == false then
    -- the caller's session ended (its process was silent longer than its timeout): what it held was released, and
    -- nothing more may be counted for it; the caller opens a new session and calls again
    return redis.error_reply('NOSESSION')
  end
  local result
  if manager_ops[OP] ~= nil then
    result = op(rest)
  else
    local b = base(ID)
    if redis.call('EXISTS', b .. ':m') == 0 then return gone(ID) end
    result = op(rest, b)
  end
  if type(result) == 'table' and result.err then return result end
  if once then redis.call('SET', once, cjson.encode({result}), 'PX', 60000) end
  return {result}   -- one shape of reply for every operation: a list of the one result (empty for nil)
end

redis.register_function('mo_@VERSION@', call)
-- the same function for the operations that free memory or keep sessions: Redis runs them even above maxmemory
redis.register_function{function_name = 'mo_@VERSION@_oom', callback = call, flags = {'allow-oom'}}
