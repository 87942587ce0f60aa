// Passkeys (issue 19): the browser half of the WebAuthn ceremonies. The server sends options as
// JSON with base64url strings; navigator.credentials wants ArrayBuffers, and the answer goes back
// as base64url JSON. Buttons and forms opt in with data-passkey-* attributes (no inline script:
// the CSP forbids it). Errors are shown in the nearest [data-passkey-error].
;(function () {
  'use strict'

  function toBuffer(s) {
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/')
    while (b64.length % 4) b64 += '='
    var bin = atob(b64)
    var out = new Uint8Array(bin.length)
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out.buffer
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf)
    var bin = ''
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i])
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute('hx-headers') || '{}')['X-CSRF-Token'] || ''
    } catch (e) {
      return ''
    }
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res
        .json()
        .catch(function () {
          return {}
        })
        .then(function (data) {
          if (!res.ok) throw new Error(data.error || 'The server answered ' + res.status + '.')
          return data
        })
    })
  }

  function credentialList(list) {
    return (list || []).map(function (c) {
      return { id: toBuffer(c.id), type: c.type || 'public-key', transports: c.transports }
    })
  }

  function creationOptions(o) {
    var user = { id: toBuffer(o.user.id), name: o.user.name, displayName: o.user.displayName }
    var out = Object.assign({}, o, { challenge: toBuffer(o.challenge), user: user })
    out.excludeCredentials = credentialList(o.excludeCredentials)
    return out
  }

  function requestOptions(o) {
    var out = Object.assign({}, o, { challenge: toBuffer(o.challenge) })
    out.allowCredentials = credentialList(o.allowCredentials)
    return out
  }

  function common(cred) {
    return {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
    }
  }

  function registrationJSON(cred) {
    var r = cred.response
    var out = common(cred)
    out.response = {
      clientDataJSON: toB64url(r.clientDataJSON),
      attestationObject: toB64url(r.attestationObject),
      transports: r.getTransports ? r.getTransports() : [],
    }
    return out
  }

  function assertionJSON(cred) {
    var r = cred.response
    var out = common(cred)
    out.response = {
      clientDataJSON: toB64url(r.clientDataJSON),
      authenticatorData: toB64url(r.authenticatorData),
      signature: toB64url(r.signature),
      userHandle: r.userHandle ? toB64url(r.userHandle) : undefined,
    }
    return out
  }

  function explain(err) {
    var name = err && err.name
    if (name === 'NotAllowedError') return 'The passkey prompt was closed or timed out. Try again.'
    if (name === 'InvalidStateError') return 'This authenticator is already registered for your account.'
    if (name === 'SecurityError')
      return 'The browser refused passkeys at this address (they need HTTPS and a host name).'
    return (err && err.message) || 'The passkey did not work. Try again.'
  }

  function showError(el, message) {
    var scope = el.closest('[data-passkey-scope]') || document
    var box = scope.querySelector('[data-passkey-error]')
    if (!box) return
    box.textContent = message
    box.hidden = false
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials)
  }

  function run(el, work) {
    if (!supported()) {
      showError(el, 'This browser cannot use passkeys.')
      return
    }
    el.setAttribute('aria-busy', 'true')
    el.disabled = true
    work()
      .then(function (data) {
        window.location.assign(data.redirect || '/')
      })
      .catch(function (err) {
        showError(el, explain(err))
      })
      .finally(function () {
        el.removeAttribute('aria-busy')
        el.disabled = false
      })
  }

  /** Sign-in with a passkey alone, or the second step: options, get(), answer. */
  function assert(base, next) {
    return post(base + '/options').then(function (data) {
      return navigator.credentials
        .get({ publicKey: requestOptions(data.options) })
        .then(function (cred) {
          return post(base, { response: assertionJSON(cred), next: next || undefined })
        })
    })
  }

  function register(form) {
    var name = (form.elements.namedItem('name') || {}).value || ''
    return post(form.action + '/options').then(function (data) {
      return navigator.credentials
        .create({ publicKey: creationOptions(data.options) })
        .then(function (cred) {
          return post(form.action, { name: name, response: registrationJSON(cred) })
        })
    })
  }

  document.addEventListener('click', function (ev) {
    var btn = ev.target instanceof Element && ev.target.closest('[data-passkey-assert]')
    if (!btn) return
    ev.preventDefault()
    run(btn, function () {
      return assert(btn.getAttribute('data-passkey-assert'), btn.getAttribute('data-next'))
    })
  })

  document.addEventListener('submit', function (ev) {
    var form = ev.target instanceof HTMLFormElement && ev.target.matches('[data-passkey-register]')
    if (!form) return
    ev.preventDefault()
    var btn = ev.target.querySelector('button[type="submit"]') || ev.target
    run(btn, function () {
      return register(ev.target)
    })
  })

  document.addEventListener('DOMContentLoaded', function () {
    if (supported()) return
    document.querySelectorAll('[data-passkey-scope] [data-passkey-error]').forEach(function (box) {
      box.textContent = 'This browser cannot use passkeys.'
      box.hidden = false
    })
  })
})()
