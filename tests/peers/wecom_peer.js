// Peer for the WeCom crypto test: the npm package @wecom/crypto, independent of our C++ code.
//   node wecom_peer.js encrypt TOKEN AESKEY CORPID TIMESTAMP NONCE   (plaintext on stdin)
//     -> {"encrypt": ..., "msg_signature": ...}
//   node wecom_peer.js decrypt AESKEY                                 (ciphertext on stdin)
//     -> {"message": ..., "id": ...}
'use strict';
const { encrypt, decrypt, getSignature } = require('@wecom/crypto');

const [mode, ...args] = process.argv.slice(2);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  if (mode === 'encrypt') {
    const [token, key, corpId, timestamp, nonce] = args;
    const ciphertext = encrypt(key, input, corpId);
    const signature = getSignature(token, timestamp, nonce, ciphertext);
    process.stdout.write(JSON.stringify({ encrypt: ciphertext, msg_signature: signature }));
  } else if (mode === 'decrypt') {
    const [key] = args;
    const { message, id } = decrypt(key, input.trim());
    process.stdout.write(JSON.stringify({ message, id }));
  } else {
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(2);
  }
});
