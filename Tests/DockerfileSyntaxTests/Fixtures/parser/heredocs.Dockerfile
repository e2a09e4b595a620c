FROM alpine
RUN <<EOF
echo hi
EOF
RUN <<-EOT bash
	echo tabbed
	EOT
COPY <<one <<'two' /dest/
first $HOME
one
second $HOME
two
RUN 3<<"EOF" cat /dev/fd/3
x
EOF
RUN ["<<EOF"]
ONBUILD RUN <<EOF
onbuild body
EOF
RUN python3 <<PY > /out
print('hello')
PY
