// Browser terminal (REMOTE ACCESS). An element [data-terminal-socket="<path>"] gets an xterm.js
// terminal joined to that WebSocket: output arrives as binary frames, status as JSON text frames
// ({t:'ready'|'error'|'exit', m}); keystrokes go out as {t:'i', d} and resizes as {t:'r', c, r}.
// An element [data-cast-url] replays an asciicast v2 recording instead. xterm.js and its CSS are
// loaded only on those pages (URLs from this script tag's data attributes). The CSP forbids inline
// <style>, and xterm writes its cell sizes and colours into <style> elements: those are made
// inert and their text is mirrored into a constructed stylesheet, which the CSP allows.
;(function () {
  'use strict'
  var me = document.currentScript
  var loading = null

  function loadXterm() {
    if (window.Terminal) return Promise.resolve()
    if (loading) return loading
    loading = new Promise(function (resolve, reject) {
      var link = document.createElement('link')
      link.rel = 'stylesheet'
      link.href = me.getAttribute('data-xterm-css')
      document.head.appendChild(link)
      var s = document.createElement('script')
      s.src = me.getAttribute('data-xterm')
      s.onload = function () {
        resolve()
      }
      s.onerror = reject
      document.head.appendChild(s)
    })
    return loading
  }

  // Every <style> a script creates on this page would be blocked (and reported) by the CSP, so
  // xterm gets an inert <xterm-style> element instead (hidden by app.css); its text is applied
  // through the mirror below. Only pages with a terminal or player do this.
  var inertStyles = false
  function makeStylesInert() {
    if (inertStyles) return
    inertStyles = true
    var create = document.createElement.bind(document)
    document.createElement = function (name, options) {
      if (String(name).toLowerCase() === 'style') return create('xterm-style')
      return create(name, options)
    }
    // xterm's DOM renderer sets per-cell styles with setAttribute('style', …), which the CSP
    // blocks as inline style; the same declarations through the CSSOM are allowed
    var setAttribute = Element.prototype.setAttribute
    Element.prototype.setAttribute = function (name, value) {
      if (String(name).toLowerCase() === 'style' && this.style) this.style.cssText = String(value)
      else setAttribute.call(this, name, value)
    }
  }

  function mirrorStyles(root) {
    if (!('adoptedStyleSheets' in document) || typeof CSSStyleSheet !== 'function') return
    var sheet = new CSSStyleSheet()
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet])
    function sync() {
      var text = ''
      root.querySelectorAll('xterm-style').forEach(function (el) {
        text += el.textContent + '\n'
      })
      sheet.replaceSync(text)
    }
    new MutationObserver(sync).observe(root, { subtree: true, childList: true, characterData: true })
    sync()
  }

  function newTerminal(el, opts) {
    makeStylesInert()
    var term = new window.Terminal(
      Object.assign({ fontSize: 14, cursorBlink: true, scrollback: 5000, fontFamily: 'monospace' }, opts)
    )
    term.open(el)
    mirrorStyles(el)
    return term
  }

  /** columns that fit the element at the terminal's font (rows stay fixed). */
  function fitColumns(el) {
    var probe = document.createElement('span')
    probe.style.fontFamily = 'monospace'
    probe.style.fontSize = '14px'
    probe.style.visibility = 'hidden'
    probe.style.position = 'absolute'
    probe.textContent = 'WWWWWWWWWW'
    document.body.appendChild(probe)
    var cw = probe.getBoundingClientRect().width / 10 || 8.4
    probe.remove()
    return Math.max(20, Math.min(250, Math.floor((el.clientWidth - 20) / cw)))
  }

  function setStatus(box, text) {
    var s = box.querySelector('[data-terminal-status]')
    if (s) s.textContent = text
  }

  function startTerminal(el) {
    var box = el.closest('.card') || document
    var connectBtn = box.querySelector('[data-terminal-connect]')
    var closeBtn = box.querySelector('[data-terminal-close]')
    var term = null
    var ws = null
    var told = false // the appliance (or the user) said why the session ended

    function connect() {
      if (ws) return
      setStatus(box, 'Connecting…')
      loadXterm().then(function () {
        if (!term) {
          term = newTerminal(el, { cols: fitColumns(el), rows: 30 })
          term.onData(function (d) {
            if (ws && ws.readyState === 1) ws.send(JSON.stringify({ t: 'i', d: d }))
          })
          term.onResize(function (size) {
            if (ws && ws.readyState === 1) ws.send(JSON.stringify({ t: 'r', c: size.cols, r: size.rows }))
          })
        }
        var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + el.getAttribute('data-terminal-socket') + '?cols=' + term.cols + '&rows=' + term.rows
        ws = new WebSocket(url)
        ws.binaryType = 'arraybuffer'
        told = false
        ws.onmessage = function (e) {
          if (typeof e.data !== 'string') return term.write(new Uint8Array(e.data))
          var msg = {}
          try {
            msg = JSON.parse(e.data)
          } catch (err) {
            return
          }
          if (msg.t === 'ready') {
            setStatus(box, 'Connected')
            term.focus()
          } else if (msg.t === 'error' || msg.t === 'exit') {
            told = true
            setStatus(box, msg.m)
            term.write('\r\n\x1b[' + (msg.t === 'error' ? '31' : '33') + 'm' + msg.m + '\x1b[0m\r\n')
          }
        }
        ws.onclose = function () {
          if (!told) setStatus(box, 'Disconnected: the appliance refused or lost the connection.')
          ws = null
          if (connectBtn) connectBtn.hidden = false
          if (closeBtn) closeBtn.hidden = true
        }
        if (connectBtn) connectBtn.hidden = true
        if (closeBtn) closeBtn.hidden = false
      }, function () {
        setStatus(box, 'The terminal could not be loaded.')
      })
    }
    if (connectBtn) connectBtn.addEventListener('click', connect)
    if (closeBtn)
      closeBtn.addEventListener('click', function () {
        if (!ws) return
        told = true
        setStatus(box, 'Disconnected')
        ws.close(1000)
      })
    connect()
  }

  function startPlayer(el) {
    var box = el.closest('section') || document
    var events = []
    var header = null
    var term = null
    var timer = null
    function speed() {
      var s = box.querySelector('[data-player-speed]')
      return s ? Number(s.value) || 1 : 1
    }
    function play(all) {
      clearTimeout(timer)
      term.reset()
      var i = 0
      var t0 = performance.now()
      function step() {
        var now = ((performance.now() - t0) / 1000) * speed()
        while (i < events.length && (all || events[i][0] <= now)) {
          var ev = events[i++]
          if (ev[1] === 'o') term.write(ev[2])
          else if (ev[1] === 'r') {
            var p = String(ev[2]).split('x')
            term.resize(Number(p[0]) || header.width, Number(p[1]) || header.height)
          }
        }
        setStatus(box, i < events.length ? 'Playing…' : 'End of recording')
        if (i < events.length) timer = setTimeout(step, 20)
      }
      step()
    }
    Promise.all([loadXterm(), fetch(el.getAttribute('data-cast-url'), { credentials: 'same-origin' })])
      .then(function (r) {
        if (!r[1].ok) throw new Error('HTTP ' + r[1].status)
        return r[1].text()
      })
      .then(function (text) {
        var lines = text.split('\n').filter(Boolean)
        header = JSON.parse(lines[0])
        events = lines.slice(1).map(function (l) {
          return JSON.parse(l)
        })
        term = newTerminal(el, { cols: header.width, rows: header.height, cursorBlink: false, disableStdin: true })
        var playBtn = box.querySelector('[data-player-play]')
        var endBtn = box.querySelector('[data-player-end]')
        if (playBtn) playBtn.addEventListener('click', function () { play(false) })
        if (endBtn) endBtn.addEventListener('click', function () { play(true) })
        play(false)
      })
      .catch(function (err) {
        setStatus(box, 'The recording could not be loaded (' + err.message + ').')
      })
  }

  function init() {
    document.querySelectorAll('[data-terminal-socket]:not([data-started])').forEach(function (el) {
      el.setAttribute('data-started', '')
      startTerminal(el)
    })
    document.querySelectorAll('[data-cast-url]:not([data-started])').forEach(function (el) {
      el.setAttribute('data-started', '')
      startPlayer(el)
    })
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
  else init()
  document.addEventListener('htmx:afterSettle', init)
})()
