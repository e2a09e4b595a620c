-- Live test with a real Neovim (0.7+): start dockerfile-lsp through EditorConfigs/neovim, open a Dockerfile
-- with an unknown instruction, check the diagnostic's range, fix the line, see diagnostics clear, stop the
-- server. Run: nvim --headless -u NONE -c 'luafile Tests/Editors/neovim_test.lua'
-- Environment: DOCKERFILE_LSP_BIN (server binary), EDITOR_TEST_DIR (scratch folder), REPO (repository root).
local bin = os.getenv('DOCKERFILE_LSP_BIN')
local dir = os.getenv('EDITOR_TEST_DIR')
local repo = os.getenv('REPO')
local out = io.open(dir .. '/neovim-result.txt', 'w')
local function say(s) out:write(s .. '\n'); out:flush() end
local function fail(s)
  say('FAIL: ' .. s)
  say('lsp log: ' .. vim.lsp.get_log_path())
  out:close()
  vim.cmd('cquit 1')
end

vim.lsp.set_log_level('debug')
package.path = repo .. '/EditorConfigs/neovim/?.lua;' .. package.path
local config = require('dockerfile-lsp')

vim.cmd('edit ' .. dir .. '/Dockerfile')
vim.bo.filetype = 'dockerfile'
local id = config.start(0, { bin, 'serve' })
if not id then fail('the client did not start') end

if not vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 20) then
  fail('no diagnostics within 10 s')
end
local d = vim.diagnostic.get(0)[1]
say(string.format('diagnostic %d:%d-%d:%d %s', d.lnum, d.col, d.end_lnum, d.end_col, d.message))
if d.lnum ~= 1 or d.col ~= 0 or d.end_lnum ~= 1 or d.end_col ~= 4 then fail('wrong range') end
if not string.find(d.message, 'unknown instruction: RUNN', 1, true) then fail('wrong message') end

-- Fix the instruction: `RUNN echo hi` becomes `RUN echo hi`.
vim.api.nvim_buf_set_text(0, 1, 3, 1, 4, {})
if not vim.wait(10000, function() return #vim.diagnostic.get(0) == 0 end, 20) then
  fail('diagnostics did not clear after the fix')
end
say('cleared')

local client = vim.lsp.get_client_by_id(id)
client.stop()
if not vim.wait(10000, function() return client.is_stopped() end, 20) then fail('server did not stop') end
say('PASS')
out:close()
vim.cmd('qall!')
