;;; dockerfile-lsp.el --- use dockerfile-lsp with eglot (Emacs 28+, eglot 1.9+)  -*- lexical-binding: t -*-
;; Load this file, then open a Dockerfile.  When `dockerfile-mode' is not installed, a minimal stand-in mode
;; is defined so that eglot has a major mode to attach to.
(require 'eglot)

(unless (fboundp 'dockerfile-mode)
  (define-derived-mode dockerfile-mode prog-mode "Dockerfile"
    "Minimal Dockerfile mode (stand-in when the dockerfile-mode package is absent)."
    (setq-local comment-start "# ")))

(dolist (pattern '("/Dockerfile\\'" "/Dockerfile\\.[^/]*\\'" "\\.[Dd]ockerfile\\'"
                   "/Containerfile\\'" "/Containerfile\\.[^/]*\\'"))
  (add-to-list 'auto-mode-alist (cons pattern 'dockerfile-mode)))

(add-to-list 'eglot-server-programs '(dockerfile-mode . ("dockerfile-lsp" "serve")))
(add-hook 'dockerfile-mode-hook #'eglot-ensure)

(provide 'dockerfile-lsp)
;;; dockerfile-lsp.el ends here
