// Heartdesk's only client script: tab identity, presence state and the leave beacon.
// htmx does the polling; this file only feeds it the fields it sends.
;(function () {
  'use strict'

  // One id per tab, so two tabs of one agent are two rows that count as one viewer.
  function newClientId() {
    var bytes = new Uint8Array(16)
    crypto.getRandomValues(bytes)
    return Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, '0')
    }).join('')
  }
  var clientId = newClientId()

  var beat = document.getElementById('heartbeat')
  if (!beat) return
  beat.querySelector('input[name=client]').value = clientId
  var stateInput = beat.querySelector('input[name=state]')
  var reply = document.getElementById('reply-body')

  function currentState() {
    if (document.visibilityState === 'hidden') return 'away'
    if (reply && reply.value.trim() !== '') return 'replying'
    return 'viewing'
  }

  // Tell the others at once when the state changes, rather than at the next tick.
  function refreshState() {
    if (!stateInput) return
    var next = currentState()
    if (stateInput.value === next) return
    stateInput.value = next
    if (window.htmx) window.htmx.trigger(beat, 'beat-now')
  }

  if (stateInput) stateInput.value = currentState()
  if (reply) reply.addEventListener('input', refreshState)

  // Closing a tab hides it too: wait a moment before saying "away", so that an away beat
  // cannot reach the server after the leave beacon and bring a closed tab back.
  var leaving = false
  var awayTimer = 0
  document.addEventListener('visibilitychange', function () {
    clearTimeout(awayTimer)
    if (document.visibilityState === 'hidden') {
      awayTimer = setTimeout(function () {
        if (!leaving) refreshState()
      }, 500)
    } else {
      refreshState()
      // Shown again: tell the others at once even if the state did not change.
      if (window.htmx) window.htmx.trigger(beat, 'beat-now')
    }
  })

  // Leaving the page removes this tab now; the TTL only covers crashes and lost networks.
  window.addEventListener('pagehide', function () {
    leaving = true
    clearTimeout(awayTimer)
    var url = beat.getAttribute('data-leave')
    if (url) navigator.sendBeacon(url, new URLSearchParams({ client: clientId }))
  })
  // Back from the bfcache: the leave beacon already ran, so announce ourselves again.
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return
    leaving = false
    if (window.htmx) window.htmx.trigger(beat, 'beat-now')
  })

  // A failed poll says so, and htmx keeps polling; the next success clears the notice.
  var connection = document.getElementById('connection')
  function setOffline(offline) {
    if (connection) connection.hidden = !offline
  }
  beat.addEventListener('htmx:sendError', function () {
    setOffline(true)
  })
  beat.addEventListener('htmx:responseError', function () {
    setOffline(true)
  })
  beat.addEventListener('htmx:afterRequest', function (e) {
    if (e.detail && e.detail.successful) setOffline(false)
  })
  // The session ended (signed out elsewhere, idle too long): go sign in again.
  beat.addEventListener('htmx:responseError', function (e) {
    if (e.detail && e.detail.xhr && e.detail.xhr.status === 401) window.location.assign('/login')
  })

  // Say out loud who arrived and who left, comparing the viewers before and after each poll.
  var announcer = document.getElementById('announcer')
  function viewersNow() {
    var names = {}
    document.querySelectorAll('#presence .viewer[data-name]').forEach(function (el) {
      names[el.getAttribute('data-name')] = el.getAttribute('data-state')
    })
    return names
  }
  var known = viewersNow()
  document.body.addEventListener('htmx:afterSwap', function () {
    if (!announcer || !document.getElementById('presence')) return
    var now = viewersNow()
    var lines = []
    Object.keys(now).forEach(function (name) {
      if (!(name in known)) lines.push(name + ' is now viewing')
      else if (known[name] !== 'replying' && now[name] === 'replying')
        lines.push(name + ' is replying')
    })
    Object.keys(known).forEach(function (name) {
      if (!(name in now)) lines.push(name + ' left')
    })
    known = now
    if (lines.length > 0) announcer.textContent = lines.join('. ') + '.'
  })
})()
