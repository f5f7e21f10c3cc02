#pragma once
// What each provider's error code means for the next step: retry (and after how long), stop
// writing to this number, alert an administrator, or give up on this one message.
#include <string_view>

#include "adapters/http/http_client.h"
#include "adapters/sms/sms_provider.h"

namespace hotline::adapters::sms {

// Tencent Cloud SMS: SendStatusSet[].Code, or Response.Error.Code for the whole request.
SmsResult classify_tencent(std::string_view code, std::string_view message);
// Alibaba Cloud dysmsapi: the response Code (isv.*, isp.*, Throttling.*, signature errors).
SmsResult classify_aliyun(std::string_view code, std::string_view message);
// A transport failure: before the request was written nothing was sent (retry); after it, the
// provider may have accepted it (uncertain).
SmsResult classify_transport(const HttpResult& r);
// An HTTP status without a usable provider answer.
SmsResult classify_http_status(int status, std::string_view body_excerpt);

}  // namespace hotline::adapters::sms
