-- dockerfile-lsp for Neovim 0.7 and later, without plugins. Put this file on your runtimepath
-- (e.g. ~/.config/nvim/lua/dockerfile-lsp.lua) and add `require('dockerfile-lsp').setup()` to init.lua.
-- Works on 0.7 (vim.lsp.start_client + buf_attach_client); newer versions may use vim.lsp.config instead.
local M = {}

M.patterns = { 'Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'Containerfile', 'Containerfile.*' }

function M.start(bufnr, cmd)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fn.fnamemodify(path, ':p:h')
  local id = vim.lsp.start_client({
    name = 'dockerfile-lsp',
    cmd = cmd or { 'dockerfile-lsp', 'serve' },
    root_dir = root,
    init_options = { ['dockerfile-lsp'] = { diagnostics = { enable = true } } },
  })
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

function M.setup(opts)
  opts = opts or {}
  vim.cmd('augroup dockerfile_lsp')
  vim.cmd('autocmd!')
  vim.cmd('autocmd BufRead,BufNewFile ' .. table.concat(M.patterns, ',') .. ' setfiletype dockerfile')
  vim.cmd("autocmd FileType dockerfile lua require('dockerfile-lsp').start()")
  vim.cmd('augroup END')
end

return M
