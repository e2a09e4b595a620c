# a comment
# escape=`
FROM x
RUN a \
  b
