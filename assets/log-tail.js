// Live tail of a device's syslog lines (SYSLOG): an element [data-log-tail="<stream url>"] gets
// one EventSource; each `lines` message (JSON array) is prepended as list items, newest first, and
// the list is capped so a chatty router cannot grow the page without bound. External file: the CSP
// forbids inline script. Text goes in with textContent only (a log line is untrusted input).
;(function () {
  'use strict'
  var MAX = 500
  var NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug']
  var source = null

  function start() {
    var list = document.querySelector('[data-log-tail]')
    if (source !== null || list === null || !window.EventSource) return
    source = new EventSource(list.getAttribute('data-log-tail'))
    source.addEventListener('lines', function (e) {
      var lines
      try {
        lines = JSON.parse(e.data)
      } catch (err) {
        return
      }
      lines.forEach(function (l) {
        var li = document.createElement('li')
        li.className = 'sev-' + (NAMES[l.severity] || 'info')
        li.textContent = new Date(l.at).toISOString().slice(11, 19) + ' ' + (NAMES[l.severity] || l.severity) + ' ' + l.app + ' ' + l.msg
        list.insertBefore(li, list.firstChild)
      })
      while (list.childNodes.length > MAX) list.removeChild(list.lastChild)
    })
  }

  function stop() {
    if (source !== null) source.close()
    source = null
  }

  document.addEventListener('DOMContentLoaded', start)
  document.addEventListener('htmx:afterSettle', start)
  window.addEventListener('pagehide', stop)
})()
