FROM x
ENV A=1 B="two words" C=three\ words
ENV LEGACY some value  here
LABEL "com.example"="x y" other=z
ENV D=
ARG X Y=2 Z="q r"
ENV E="a \
  b"
