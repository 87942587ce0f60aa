"""Drives the RouterOS simulator with Debian's python3-librouteros and prints one JSON object.

Usage: /usr/bin/python3 librouteros_check.py HOST PORT USER PASSWORD SCENARIO [LOGIN_METHOD] [TLS]
TLS: 'cert' (self-signed, not verified) or 'adh' (anonymous DH, ADH:@SECLEVEL=0, TLS 1.2).
Each scenario prints {"ok": true, ...results} or {"ok": false, "error": "...", "type": "..."}.
"""
import json
import ssl
import sys

from librouteros import connect
from librouteros.exceptions import TrapError, FatalError
from librouteros.login import plain, token
from librouteros.query import Key


def rows(api, cmd, *words):
    return [dict(r) for r in api.rawCmd(cmd, *words)]


def scenario_basic(api):
    identity = rows(api, '/system/identity/print')
    resource = rows(api, '/system/resource/print')
    ifaces = rows(api, '/interface/print')
    return {
        'identity': identity,
        'resource_keys': sorted(resource[0].keys()),
        'interface_names': [i['name'] for i in ifaces],
    }


def scenario_query(api):
    name = Key('name')
    typ = Key('type')
    path = api.path('/interface')
    ethers = [r['name'] for r in path.select(name, typ).where(typ == 'ether')]
    # raw query words: ether1 OR ether2
    either = [r['name'] for r in rows(api, '/interface/print', '?name=ether1', '?name=ether2', '?#|')]
    # librouteros Query.where builds ?=name=… words with ?#| / ?#! combinators
    in_list = [r['name'] for r in path.select(name).where(name.In('ether1', 'ether2'))]
    not_ether = [r['name'] for r in path.select(name, typ).where(typ != 'ether')]
    proplist = rows(api, '/interface/print', '=.proplist=name,type')
    kwargs = [dict(r) for r in api('/interface/print', **{'.proplist': 'name'})]
    return {'ethers': ethers, 'either': either, 'in': in_list, 'not_ether': not_ether,
            'proplist_keys': sorted({k for r in proplist for k in r}), 'kwargs_count': len(kwargs)}


def scenario_empty(api):
    health = rows(api, '/system/health/print')
    # a command after !empty must still work on the same connection
    identity = rows(api, '/system/identity/print')
    return {'health': health, 'identity': identity}


def scenario_trap(api):
    out = {}
    for key, words in {
        'unknown': ('/nonexistent/thing/print',),
        'bad_id': ('/ip/address/remove', '=.id=*99'),
        'bad_arg': ('/ip/address/add', '=address=10.9.9.1/24', '=interface=nope0'),
        'dup_name': ('/system/script/add', '=name=dup', '=source=:log info x'),
    }.items():
        try:
            rows(api, *words)
            if key == 'dup_name':
                rows(api, *words)
            out[key] = None
        except TrapError as e:
            out[key] = {'message': e.message, 'category': e.category}
    out['after'] = rows(api, '/system/identity/print')
    return out


def scenario_count(api):
    return {'count': rows(api, '/interface/print', '=count-only='), 'ether_count': rows(api, '/interface/print', '?type=ether', '=count-only=')}


def scenario_crud(api):
    added = rows(api, '/ip/address/add', '=address=10.20.30.1/24', '=interface=ether1', '=comment=py')
    new_id = added[0]['ret']
    found = rows(api, '/ip/address/print', '?comment=py')
    api.path('/ip/address').update(**{'.id': new_id, 'comment': 'py2'})
    after_set = rows(api, '/ip/address/print', '?.id=' + new_id)
    api.path('/ip/address').remove(new_id)
    after_remove = rows(api, '/ip/address/print', '?comment=py2')
    return {'id': new_id, 'found': found, 'after_set': after_set, 'after_remove': after_remove}


def ssl_wrapper(mode):
    if mode not in ('cert', 'adh'):
        return lambda sock: sock
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if mode == 'adh':
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers('ADH:@SECLEVEL=0')
    return ctx.wrap_socket


def main():
    host, port, user, password, scenario = sys.argv[1:6]
    method = token if len(sys.argv) > 6 and sys.argv[6] == 'token' else plain
    wrapper = ssl_wrapper(sys.argv[7] if len(sys.argv) > 7 else 'plain')
    try:
        api = connect(host=host, port=int(port), username=user, password=password, timeout=10,
                      login_method=method, ssl_wrapper=wrapper)
    except (TrapError, FatalError, OSError, ssl.SSLError) as e:
        print(json.dumps({'ok': False, 'type': type(e).__name__, 'error': str(e)}))
        return
    try:
        result = globals()['scenario_' + scenario](api)
        print(json.dumps({'ok': True, **result}, default=str))
    except (TrapError, FatalError) as e:
        print(json.dumps({'ok': False, 'type': type(e).__name__, 'error': str(e)}))
    finally:
        api.close()


if __name__ == '__main__':
    main()
