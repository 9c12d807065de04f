/**
 * The Lua scripts of the Redis shared state. Each runs atomically in Redis, reads the time from Redis
 * (`TIME`, one clock for the whole fleet) and sets a TTL on every key it writes, so state that nobody
 * touches any more disappears. KEYS[1] is the one key each script reads and writes.
 */

const NOW = `local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/**
 * Breaker admission. ARGV: resetTimeoutMs, probeLeaseMs, ttlMs.
 * Returns {decision, state, retryAfterMs, failures}. Past the open period the first caller takes the
 * one probe (a lease, so that a prober that dies does not hold the fleet half-open for ever).
 */
export const ADMIT = `${NOW}
local h = redis.call('HMGET', KEYS[1], 'state', 'openedAt', 'probeUntil', 'failures')
local state = h[1] or 'closed'
local openedAt = tonumber(h[2]) or 0
local probeUntil = tonumber(h[3]) or 0
local failures = tonumber(h[4]) or 0
local reset = tonumber(ARGV[1])
if state == 'closed' then return {'send', 'closed', 0, failures} end
if state == 'open' and now < openedAt + reset then return {'refuse', 'open', openedAt + reset - now, failures} end
if now < probeUntil then return {'refuse', 'halfOpen', probeUntil - now, failures} end
redis.call('HSET', KEYS[1], 'state', 'halfOpen', 'probeUntil', now + tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'probe', 'halfOpen', 0, failures}`;

/**
 * Breaker outcome. ARGV: outcome ('success' | 'failure'), probe ('1' | '0'), failureThreshold, ttlMs.
 * A failure of the probe reopens; its success closes. While closed, failures count up (any success resets
 * them) and the threshold opens. An outcome of an attempt admitted before the breaker opened is ignored.
 */
export const RECORD = `${NOW}
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local probe = ARGV[2] == '1'
if ARGV[1] == 'success' then
  if probe or state == 'closed' then
    redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'probeUntil', 0)
    state = 'closed'
  end
else
  if probe then
    redis.call('HSET', KEYS[1], 'state', 'open', 'openedAt', now, 'probeUntil', 0, 'failures', 0)
    state = 'open'
  elseif state == 'closed' then
    local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
    if failures >= tonumber(ARGV[3]) then
      redis.call('HSET', KEYS[1], 'state', 'open', 'openedAt', now, 'failures', 0)
      state = 'open'
    end
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return state`;

/**
 * Token bucket. ARGV: cost, capacity, refillPerSecond, add, ttlMs, maxWaitMs. Refills by elapsed time, adds
 * `add`, then takes `cost` if it can. Returns 0 when taken, the ms until it could be, or -1 (no refill
 * rate). Tokens due within `maxWaitMs` are reserved (the bucket goes into debt): a wait up to it means taken.
 */
export const BUCKET = `${NOW}
local cost = tonumber(ARGV[1]); local capacity = tonumber(ARGV[2]); local rate = tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(h[1]) or capacity
local at = tonumber(h[2]) or now
if now > at then tokens = math.min(capacity, tokens + (now - at) * rate / 1000) end
tokens = math.min(capacity, tokens + tonumber(ARGV[4]))
local wait = 0
if cost > 0 then
  if tokens >= cost then tokens = tokens - cost
  elseif rate > 0 then
    wait = math.ceil((cost - tokens) * 1000 / rate)
    if wait <= tonumber(ARGV[6] or '0') then tokens = tokens - cost end
  else wait = -1 end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', math.max(now, at))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return wait`;

/** Completion claim. ARGV: status, ttlMs. Returns the earlier status, or false when claimed now. */
export const CLAIM = `local previous = redis.call('GET', KEYS[1])
if previous then return previous end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;
