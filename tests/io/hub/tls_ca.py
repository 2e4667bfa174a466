"""A throwaway test CA and a server certificate for 127.0.0.1, ::1 and localhost, made with the
openssl CLI (Debian's `openssl`). The CA's key never leaves the harness's temporary directory."""

import os
import subprocess

SERVER_EXT = """subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
"""


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_test_ca(folder):
    """Writes ca.pem, server.pem and server.key into `folder`; returns their paths."""
    os.makedirs(folder, exist_ok=True)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=lineage test CA (throwaway)",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)
    _openssl("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=folder)
    with open(os.path.join(folder, "server.ext"), "w") as f:
        f.write(SERVER_EXT)
    serial = "0x" + os.urandom(8).hex()
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", serial,
             "-days", "2", "-out", "server.pem", "-extfile", "server.ext", cwd=folder)
    names = {"ca": "ca.pem", "server": "server.pem", "server_key": "server.key"}
    return {k: os.path.join(folder, v) for k, v in names.items()}
