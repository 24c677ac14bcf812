// The one place to configure where the mini-program reads from.
module.exports = {
  // The public API's base URL, without a trailing slash. WeChat only lets a
  // mini-program call an HTTPS domain that is listed in the admin console
  // (开发管理 → 开发设置 → 服务器域名 → request合法域名) and that has an ICP filing.
  apiBase: 'https://hotline-api.example.gov.cn',
  // How many deductions the unit page asks for at a time.
  pageSize: 20
}
