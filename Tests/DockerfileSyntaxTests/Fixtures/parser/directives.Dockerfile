# syntax=docker/dockerfile:1
#  ESCAPE = `
# check=skip=JSONArgsRecommended;error=true

FROM alpine
RUN echo a `
    && echo b
# escape=\
RUN c:\windows\path
