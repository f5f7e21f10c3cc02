// Peer for the SMS signing test: the providers' own Node SDKs compute the signatures of the exact
// requests hotline-bot builds (read as JSON on stdin); the test compares them with ours.
//   {"tencent": {...}, "aliyun_acs3": {...}, "aliyun_v1": {...}} -> the same keys, each a signature
'use strict';
const crypto = require('crypto');
const TencentSign = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js').default;
const AliyunClient = require('@alicloud/openapi-core/dist/utils.js').default;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  const out = {};
  if (req.tencent) {
    const t = req.tencent;
    out.tencent = TencentSign.sign3({
      method: 'POST',
      url: t.url,
      payload: Buffer.from(t.body, 'utf8'),
      timestamp: t.timestamp,
      service: 'sms',
      secretId: t.secret_id,
      secretKey: t.secret_key,
      multipart: false,
      headers: { 'Content-Type': t.content_type },
    });
  }
  if (req.aliyun_acs3) {
    const a = req.aliyun_acs3;
    const url = new URL(a.url);
    const query = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const headers = Object.assign({ host: url.hostname }, a.headers);
    delete headers.Authorization;
    const payloadHash = crypto.createHash('sha256').update(a.body, 'utf8').digest('hex');
    out.aliyun_acs3 = AliyunClient.getAuthorization(
      { pathname: url.pathname, method: 'POST', query, headers },
      'ACS3-HMAC-SHA256', payloadHash, a.access_key_id, a.secret);
  }
  if (req.aliyun_v1) {
    const params = {};
    for (const [k, v] of new URLSearchParams(req.aliyun_v1.body)) params[k] = v;
    delete params.Signature;
    out.aliyun_v1 = AliyunClient.getRPCSignature(params, 'POST', req.aliyun_v1.secret);
  }
  process.stdout.write(JSON.stringify(out));
});
