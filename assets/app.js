// Outpost's only script besides htmx. External file: the CSP forbids inline script.
;(function () {
  'use strict'
  var THEME_COOKIE = 'outpost_theme'
  var ORDER = ['auto', 'light', 'dark']

  function currentTheme() {
    var t = document.documentElement.getAttribute('data-theme')
    return t === 'light' || t === 'dark' ? t : 'auto'
  }

  function applyTheme(theme) {
    if (theme === 'auto') document.documentElement.removeAttribute('data-theme')
    else document.documentElement.setAttribute('data-theme', theme)
    var maxAge = theme === 'auto' ? 0 : 60 * 60 * 24 * 365
    document.cookie = THEME_COOKIE + '=' + theme + '; Path=/; Max-Age=' + maxAge + '; SameSite=Strict'
    document.querySelectorAll('[data-theme-label]').forEach(function (el) {
      el.textContent = theme
    })
  }

  function showFlash(flash) {
    var area = document.getElementById('flash')
    if (!area || !flash || typeof flash.message !== 'string') return
    var kind = ['success', 'error', 'info'].indexOf(flash.kind) >= 0 ? flash.kind : 'info'
    var div = document.createElement('div')
    div.className = 'flash flash-' + kind
    div.setAttribute('role', kind === 'error' ? 'alert' : 'status')
    div.textContent = flash.message
    area.replaceChildren(div)
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-theme-toggle]').forEach(function (btn) {
      btn.hidden = false
      btn.addEventListener('click', function () {
        var next = ORDER[(ORDER.indexOf(currentTheme()) + 1) % ORDER.length]
        applyTheme(next)
      })
    })
    document.querySelectorAll('[data-theme-label]').forEach(function (el) {
      el.textContent = currentTheme()
    })
  })

  // Forms that ask before submitting (ConfirmButton).
  document.addEventListener('submit', function (event) {
    var form = event.target
    if (!(form instanceof HTMLFormElement)) return
    var question = form.getAttribute('data-confirm')
    if (question && !window.confirm(question)) event.preventDefault()
  })

  // Bulk actions (issue 15): the table header's box ticks every device on the page. Delegated,
  // so it keeps working when the table is swapped or updated in place.
  document.addEventListener('change', function (event) {
    var box = event.target
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute('data-select-page')) return
    var table = box.closest('table')
    if (!table) return
    table.querySelectorAll('input[name="device_ids"]').forEach(function (cb) {
      cb.checked = box.checked
    })
  })

  // Server-sent flash messages (HX-Trigger: {"outpost:flash": {kind, message}}).
  document.addEventListener('outpost:flash', function (event) {
    showFlash(event.detail)
  })
})()

// Config changes (issue 11): a running change's countdown ticks every second, and the page
// reloads when the change moves on (state or "waiting for keep"), fed by its SSE stream.
;(function () {
  'use strict'
  document.querySelectorAll('[data-deadline]').forEach(function (el) {
    var deadline = Number(el.getAttribute('data-deadline'))
    var tick = function () {
      el.textContent = Math.max(0, Math.ceil((deadline - Date.now()) / 1000)) + ' s'
    }
    tick()
    setInterval(tick, 1000)
  })
  document.querySelectorAll('[data-change-live]').forEach(function (el) {
    if (typeof EventSource === 'undefined') return
    var shown = el.getAttribute('data-change-state')
    var es = new EventSource(el.getAttribute('data-change-live'))
    es.addEventListener('change', function (ev) {
      var c = JSON.parse(ev.data)
      if (c.state + ':' + (c.awaitingKeep ? 1 : 0) !== shown) {
        es.close()
        window.location.reload()
      }
    })
  })
})()
