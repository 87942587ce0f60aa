// Live updates (DASHBOARD): one EventSource on /live (the active tenant's Server-Sent Events)
// turned into DOM events, so htmx elements refresh themselves. External file: the CSP forbids
// inline script. Only pages with a [data-live] element open the stream.
//   data-live="fleet"        refreshed on any message (dashboard, device table)
//   data-live="device:<id>"  refreshed when a message names that device (device page, or a job
//                            page whose stream names the job as deviceId)
//   data-live-source="<url>" on the first such element: the stream to open instead of /live
// Each such element gets an `outpost:refresh` event; it declares
// hx-trigger="outpost:refresh throttle:1s" and hx-get of the fragment it was rendered from.
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

  function refresh(kind, data, all) {
    var ids = idsOf(data)
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
  }

  function open() {
    if (source !== null || !document.querySelector('[data-live]') || !window.EventSource) return
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
