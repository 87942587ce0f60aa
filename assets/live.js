// Live updates (DASHBOARD): one EventSource on /live (the active tenant's Server-Sent Events)
// turned into DOM events, so htmx elements refresh themselves. External file: the CSP forbids
// inline script. Only pages with a [data-live] element open the stream.
//   data-live="fleet"        refreshed on any message (dashboard, device table)
//   data-live="device:<id>"  refreshed when a message names that device (device page, or a job
//                            page whose stream names the job as deviceId)
//   data-live-source="<url>" on the first such element: the stream to open instead of /live
// Each such element gets an `outpost:refresh` event; it declares
// hx-trigger="outpost:refresh throttle:1s" and hx-get of the fragment it was rendered from.
//   data-live-cells="<url>"  a table body whose rows (tr[data-device-id]) have live cells
//                            (td[data-cell]): a message naming shown devices fetches
//                            <url>?ids=… and replaces just those cells, never the rows, their
//                            checkboxes or links (issue 15: a swap under the pointer lost clicks)
// Every message is also re-dispatched on <body> as outpost:status / outpost:event / outpost:polled /
// outpost:alert.
;(function () {
  'use strict'
  var source = null

  function idsOf(data) {
    if (data && Array.isArray(data.deviceIds)) return data.deviceIds
    if (data && typeof data.deviceId === 'string') return [data.deviceId]
    return []
  }

  // An element whose user is busy (a ticked bulk-selection box, a field being typed in) waits.
  function busy(el) {
    return el.querySelector('input[type=checkbox]:checked') !== null || el.contains(document.activeElement) && document.activeElement.matches('input, select, textarea')
  }

  // Live cells: ids waiting for a fetch, at most one fetch in flight and one per second.
  var pendingCells = {}
  var cellsBusy = false
  var CELLS_GAP_MS = 1000

  function shownIds(body) {
    var out = []
    body.querySelectorAll('tr[data-device-id]').forEach(function (tr) {
      out.push(tr.getAttribute('data-device-id'))
    })
    return out
  }

  function queueCells(ids, all) {
    var body = document.querySelector('[data-live-cells]')
    if (!body) return
    var shown = shownIds(body)
    shown.forEach(function (id) {
      if (all === true || ids.indexOf(id) >= 0) pendingCells[id] = true
    })
    fetchCells()
  }

  function putCells(body, html) {
    var tpl = document.createElement('template')
    tpl.innerHTML = html
    tpl.content.querySelectorAll('tr[data-device-id]').forEach(function (fresh) {
      var row = body.querySelector('tr[data-device-id="' + fresh.getAttribute('data-device-id') + '"]')
      if (!row) return
      fresh.querySelectorAll('td[data-cell]').forEach(function (cell) {
        var old = row.querySelector('td[data-cell="' + cell.getAttribute('data-cell') + '"]')
        if (old && old.outerHTML !== cell.outerHTML) old.replaceWith(document.importNode(cell, true))
      })
    })
  }

  function fetchCells() {
    var body = document.querySelector('[data-live-cells]')
    var ids = Object.keys(pendingCells)
    if (cellsBusy || !body || ids.length === 0) return
    pendingCells = {}
    cellsBusy = true
    // the page's tenant goes along: after a switch in another tab the server refuses (409) and
    // its notice, with reload and switch-back buttons, is shown instead of another tenant's cells
    var url = withTenant(body.getAttribute('data-live-cells') + '?ids=' + encodeURIComponent(ids.join(',')))
    var done = function () {
      setTimeout(function () {
        cellsBusy = false
        fetchCells()
      }, CELLS_GAP_MS)
    }
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html', 'HX-Request': 'true' } })
      .then(function (res) {
        if (res.status === 409) {
          return res.text().then(function (html) {
            var area = document.getElementById('flash')
            if (area) area.innerHTML = html
            return ''
          })
        }
        return res.ok ? res.text() : ''
      })
      .then(function (html) {
        var now = document.querySelector('[data-live-cells]')
        if (html && now) putCells(now, html)
        done()
      }, done)
  }

  function refresh(kind, data, all) {
    var ids = idsOf(data)
    queueCells(ids, all)
    document.querySelectorAll('[data-live]').forEach(function (el) {
      var want = el.getAttribute('data-live') || ''
      var match = all === true || want === 'fleet' || (want.indexOf('device:') === 0 && ids.indexOf(want.slice(7)) >= 0)
      if (!match || busy(el)) return
      el.dispatchEvent(new CustomEvent('outpost:refresh', { detail: { kind: kind, deviceIds: ids } }))
    })
    document.body.dispatchEvent(new CustomEvent('outpost:' + kind, { detail: data }))
  }

  function listen(kind) {
    source.addEventListener(kind, function (e) {
      var data = null
      try {
        data = JSON.parse(e.data)
      } catch (err) {
        return
      }
      refresh(kind, data, false)
    })
  }

  // the tenant this page shows (issue 15): the server refuses the stream when it is not the
  // session's active tenant any more
  function withTenant(url) {
    var meta = document.querySelector('meta[name=outpost-tenant]')
    if (!meta) return url
    return url + (url.indexOf('?') >= 0 ? '&' : '?') + '_tenant=' + encodeURIComponent(meta.content)
  }

  // one more refresh with this page's tenant: the server refuses it (409) and the refusal, with
  // its reload and switch-back buttons, lands in #flash like any other
  function tenantChanged() {
    var el = document.querySelector('[data-live]')
    if (el) el.dispatchEvent(new CustomEvent('outpost:refresh', { detail: { kind: 'tenant', deviceIds: [] } }))
    // a table updated cell by cell asks for its cells once more, with the same outcome
    else queueCells([], true)
  }

  function open() {
    if (source !== null || !document.querySelector('[data-live], [data-live-cells]') || !window.EventSource)
      return
    // a page may name its own stream (the jobs pages: /jobs/live), else the tenant's /live
    var own = document.querySelector('[data-live-source]')
    source = new EventSource(withTenant(own ? own.getAttribute('data-live-source') : '/live'))
    listen('job')
    listen('status')
    listen('event')
    listen('polled')
    listen('alert')
    // the session switched tenant in another tab: stop, and say so instead of showing its data
    source.addEventListener('tenant', function () {
      close()
      tenantChanged()
    })
    // several pollers (issue 20): another process's updates may have been lost; re-read it all
    source.addEventListener('resync', function () {
      refresh('status', null, true)
    })
    source.addEventListener('hello', function () {
      document.documentElement.setAttribute('data-live-connected', 'true')
    })
    source.addEventListener('error', function () {
      document.documentElement.removeAttribute('data-live-connected')
    })
  }

  function close() {
    if (source !== null) source.close()
    source = null
    document.documentElement.removeAttribute('data-live-connected')
  }

  // Ticked bulk-edit boxes survive a swap of the table (search, sort): the rows still shown after
  // it are ticked again, so what was ticked is what the bulk edit applies to.
  var ticked = null
  document.addEventListener('htmx:beforeSwap', function (e) {
    var target = e.detail && e.detail.target
    if (!target || target.id !== 'device-results') return
    ticked = []
    target.querySelectorAll('input[name=device_ids]:checked').forEach(function (box) {
      ticked.push(box.value)
    })
  })
  document.addEventListener('htmx:afterSettle', function () {
    if (ticked === null) return
    var keep = ticked
    ticked = null
    document.querySelectorAll('#device-results input[name=device_ids]').forEach(function (box) {
      if (keep.indexOf(box.value) >= 0) box.checked = true
    })
  })

  document.addEventListener('DOMContentLoaded', open)
  // a page reached through an htmx swap may bring the first [data-live] element
  document.addEventListener('htmx:afterSettle', open)
  window.addEventListener('pagehide', close)
  // A hidden tab gives its connection back (browsers allow only six per server over HTTP/1.1);
  // when it is shown again it reconnects and refreshes what it missed.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') return close()
    open()
    if (source !== null) refresh('status', null, true)
  })
})()
