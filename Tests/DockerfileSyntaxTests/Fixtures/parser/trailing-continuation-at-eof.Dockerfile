FROM x
RUN something \