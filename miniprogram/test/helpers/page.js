// Pages under miniprogram-simulate: Page() registers a component whose
// methods are the page's functions; open() renders it and runs onLoad.
const path = require('path')
const simulate = require('miniprogram-simulate')
const wxFake = require('./wx.js')

const ROOT = path.join(__dirname, '..', '..')

global.Page = options => {
  const methods = {}
  Object.keys(options).forEach(name => {
    if (typeof options[name] === 'function') methods[name] = options[name]
  })
  global.Component({ data: options.data || {}, methods })
}

const loaded = {}

// load registers a page once per test file (jest keeps required modules).
function load(name) {
  if (!loaded[name]) {
    loaded[name] = simulate.load(path.join(ROOT, 'pages', name, name), { rootPath: ROOT, compiler: 'simulate' })
  }
  return loaded[name]
}

// settle waits until every fake request has been answered and handled.
async function settle() {
  for (let i = 0; i < 50; i++) {
    await simulate.sleep(0)
    if (wxFake.idle()) {
      await simulate.sleep(0)
      if (wxFake.idle()) return
    }
  }
  throw new Error('requests still pending')
}

// open renders the page, runs onLoad with the query and waits for its requests.
async function open(name, query) {
  const page = simulate.render(load(name))
  page.attach(document.createElement('parent-wrapper'))
  page.instance.onLoad(query || {})
  await settle()
  return page
}

// text is what the page reads, whitespace squeezed.
function text(page) {
  return page.dom.textContent.replace(/\s+/g, ' ').trim()
}

// The simulator prefixes a page's classes with its tag name.
function selector(cls) {
  return '.main--' + cls
}

// el and els find rendered nodes by class under a page or a node.
function el(root, cls) {
  return (root.dom || root).querySelector(selector(cls))
}

function els(root, cls) {
  return Array.from((root.dom || root).querySelectorAll(selector(cls)))
}

module.exports = { ROOT, load, open, settle, text, el, els }
