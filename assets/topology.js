// Topology graph and site map (TOPOLOGY): zoom (wheel, +/− buttons) and pan (drag) by moving the
// SVG's viewBox, and live status colours: live.js re-dispatches each status message on <body>.
// External file: the CSP forbids inline script.
;(function () {
  'use strict'
  function init(svg) {
    var b = svg.viewBox.baseVal
    var full = [b.x, b.y, b.width, b.height]
    function zoom(f, cx, cy) {
      var w = Math.min(full[2] * 2, Math.max(full[2] / 40, b.width * f))
      var h = (w / b.width) * b.height
      b.x = cx - ((cx - b.x) * w) / b.width
      b.y = cy - ((cy - b.y) * h) / b.height
      b.width = w
      b.height = h
    }
    function point(e) {
      var r = svg.getBoundingClientRect()
      return [b.x + ((e.clientX - r.left) / r.width) * b.width, b.y + ((e.clientY - r.top) / r.height) * b.height]
    }
    svg.addEventListener('wheel', function (e) {
      e.preventDefault()
      var p = point(e)
      zoom(e.deltaY < 0 ? 0.8 : 1.25, p[0], p[1])
    }, { passive: false })
    var drag = null
    svg.addEventListener('pointerdown', function (e) {
      if (e.button === 0) drag = { x: e.clientX, y: e.clientY, moved: false }
    })
    svg.addEventListener('pointermove', function (e) {
      if (drag === null) return
      var r = svg.getBoundingClientRect()
      var dx = e.clientX - drag.x
      var dy = e.clientY - drag.y
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return
      drag.moved = true
      b.x -= (dx / r.width) * b.width
      b.y -= (dy / r.height) * b.height
      drag.x = e.clientX
      drag.y = e.clientY
    })
    // a drag that moved is not a click on the node under the pointer
    svg.addEventListener('click', function (e) {
      if (drag !== null && drag.moved) e.preventDefault()
      drag = null
    }, true)
    window.addEventListener('pointerup', function () {
      setTimeout(function () { drag = null }, 0)
    })
    var frame = svg.closest('.topo-frame')
    if (frame) frame.querySelectorAll('[data-zoom]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var k = btn.getAttribute('data-zoom')
        if (k === 'reset') { b.x = full[0]; b.y = full[1]; b.width = full[2]; b.height = full[3]; return }
        zoom(k === 'in' ? 0.7 : 1 / 0.7, b.x + b.width / 2, b.y + b.height / 2)
      })
    })
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('svg[data-zoom-pan]').forEach(init)
    document.body.addEventListener('outpost:status', function (e) {
      var d = e.detail
      if (!d || typeof d.deviceId !== 'string' || typeof d.to !== 'string') return
      document.querySelectorAll('[data-node-device]').forEach(function (el) {
        if (el.getAttribute('data-node-device') === d.deviceId) el.setAttribute('data-status', d.to)
      })
    })
  })
})()
