-- wrk script: every request signs a new person up to the event EVENT_ID (one person each,
-- a unique email per thread and request), as the sign-up island does.
local threads = {}
local event_id = os.getenv("EVENT_ID")
local slug = os.getenv("SHEET_SLUG")

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local counter = 0
request = function()
  counter = counter + 1
  local body = string.format(
    "event_id=%s&slug=%s&name=Bench&email=bench-%d-%d%%40exemple.fr&people=1&message=&consent=on",
    event_id, slug, tid, counter)
  return wrk.format("POST", "/api/sign_up", { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
